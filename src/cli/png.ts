/**
 * Sample pictures as PNG files: the image grids SamplePreview makes, and for the toy GAN a
 * picture drawn here (GAN Lab's view: the critic's output as a background, real and
 * generated points over it).
 */
import { encode } from 'fast-png';
import { assertNever, type SamplePoints, type SamplesMessage } from '../protocol/messages';

export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  /** width x height x 4 bytes, top row first. */
  readonly data: Uint8Array | Uint8ClampedArray;
}

type Rgb = readonly [number, number, number];

/** The critic's output from "fake" (0) to "real" (1): GAN Lab's purple to green, light enough for points on top. */
export const CRITIC_RAMP: { readonly fake: Rgb; readonly real: Rgb } = { fake: [208, 180, 228], real: [172, 222, 172] };
/** Real points green, generated ones purple, as in GAN Lab. */
export const POINT_COLOURS: { readonly real: Rgb; readonly fake: Rgb } = { real: [21, 128, 61], fake: [126, 34, 146] };

/** Screen pixels per critic grid cell. @default 5 (the 48-cell preview becomes 240 x 240) */
const POINTS_SCALE = 5;

export function encodePng(image: RgbaImage): Uint8Array {
  if (image.data.length !== image.width * image.height * 4) {
    throw new RangeError(`encodePng: ${image.width} x ${image.height} RGBA needs ${image.width * image.height * 4} bytes, got ${image.data.length}`);
  }
  return encode({ width: image.width, height: image.height, data: image.data, channels: 4, depth: 8 });
}

function ramp(value: number): Rgb {
  const t = Number.isFinite(value) ? Math.min(Math.max(value, 0), 1) : 0.5;
  const { fake, real } = CRITIC_RAMP;
  const mix = (i: 0 | 1 | 2) => Math.round(fake[i] + (real[i] - fake[i]) * t);
  return [mix(0), mix(1), mix(2)];
}

/**
 * The toy GAN's picture: each critic cell a `scale` x `scale` block coloured by sigmoid(D) (or D on its range),
 * then every real point and every generated point as a 3 x 3 dot (generated on top).
 */
export function renderPoints(samples: SamplePoints, scale = POINTS_SCALE): RgbaImage {
  const { resolution, extent, discriminator, critic } = samples;
  // A raw critic (wgan, hinge, least squares) on its symmetric range, low end "fake".
  const unit = critic?.kind === 'raw' ? (v: number) => (v - critic.centre + critic.halfRange) / (2 * critic.halfRange) : (v: number) => v;
  const size = resolution * scale;
  const data = new Uint8Array(size * size * 4);
  const paint = (x: number, y: number, [r, g, b]: Rgb) => data.set([r, g, b, 255], (y * size + x) * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) paint(x, y, ramp(unit(discriminator[Math.floor(y / scale) * resolution + Math.floor(x / scale)] ?? NaN)));
  }
  const dot = (px: number, py: number, colour: Rgb) => {
    for (let y = Math.max(py - 1, 0); y <= Math.min(py + 1, size - 1); y++) {
      for (let x = Math.max(px - 1, 0); x <= Math.min(px + 1, size - 1); x++) paint(x, y, colour);
    }
  };
  // Plane [-extent, extent]^2 to pixels, y up as in the critic grid (top row is y = +extent).
  const toPixel = (v: number, flip: boolean) => Math.floor(((flip ? extent - v : v + extent) / (2 * extent)) * size);
  for (const [points, colour] of [
    [samples.real, POINT_COLOURS.real],
    [samples.fake, POINT_COLOURS.fake],
  ] as const) {
    for (let i = 0; i + 1 < points.length; i += 2) {
      const [x, y] = [points[i]!, points[i + 1]!];
      if (Number.isFinite(x) && Number.isFinite(y)) dot(toPixel(x, false), toPixel(y, true), colour);
    }
  }
  return { width: size, height: size, data };
}

/** A preview as a PNG file's bytes. */
export function samplePng(samples: SamplesMessage): Uint8Array {
  switch (samples.kind) {
    case 'images':
      return encodePng({ width: samples.width, height: samples.height, data: samples.rgba });
    case 'points':
      return encodePng(renderPoints(samples));
    default:
      return assertNever(samples);
  }
}
