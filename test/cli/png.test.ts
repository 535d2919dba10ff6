import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { CRITIC_RAMP, encodePng, POINT_COLOURS, renderPoints, samplePng } from '../../src/cli/png';
import type { SamplePoints } from '../../src/protocol/messages';

const pixel = (data: ArrayLike<number>, width: number, x: number, y: number) => Array.from({ length: 4 }, (_, i) => data[(y * width + x) * 4 + i]);

describe('PNG files', () => {
  it('encodes RGBA that decodes to the same bytes', () => {
    const data = Uint8Array.from({ length: 3 * 2 * 4 }, (_, i) => (i * 37) % 256);
    const png = decode(encodePng({ width: 3, height: 2, data }));
    expect([png.width, png.height, png.channels, png.depth]).toEqual([3, 2, 4, 8]);
    expect(Array.from(png.data)).toEqual(Array.from(data));
  });

  it('refuses a buffer of the wrong size', () => {
    expect(() => encodePng({ width: 2, height: 2, data: new Uint8Array(15) })).toThrow('encodePng: 2 x 2 RGBA needs 16 bytes, got 15');
  });

  it('draws the toy picture: the critic as background, real and generated points over it', () => {
    // A 2 x 2 critic grid over [-1, 1]^2, top row first: left column says "fake" (0), right "real" (1).
    const samples: SamplePoints = {
      kind: 'points',
      real: Float32Array.from([0.5, 0.5]), // top-right quadrant
      fake: Float32Array.from([-0.5, -0.5]), // bottom-left quadrant
      discriminator: Float32Array.from([0, 1, 0, 1]),
      resolution: 2,
      extent: 1,
    };
    const { width, height, data } = renderPoints(samples, 10);
    expect([width, height]).toEqual([20, 20]);
    expect(pixel(data, width, 0, 0)).toEqual([...CRITIC_RAMP.fake, 255]);
    expect(pixel(data, width, 19, 19)).toEqual([...CRITIC_RAMP.real, 255]);
    // (0.5, 0.5) -> column (0.5 + 1) / 2 * 20 = 15, row (1 - 0.5) / 2 * 20 = 5; a 3 x 3 dot.
    expect(pixel(data, width, 15, 5)).toEqual([...POINT_COLOURS.real, 255]);
    expect(pixel(data, width, 16, 6)).toEqual([...POINT_COLOURS.real, 255]);
    expect(pixel(data, width, 17, 5)).toEqual([...CRITIC_RAMP.real, 255]);
    expect(pixel(data, width, 5, 15)).toEqual([...POINT_COLOURS.fake, 255]);
  });

  it('draws a raw critic on its symmetric range: -halfRange is "fake", +halfRange "real", the centre between', () => {
    const samples: SamplePoints = {
      kind: 'points',
      real: new Float32Array(0),
      fake: new Float32Array(0),
      discriminator: Float32Array.from([-3, 3, 0, 7]),
      resolution: 2,
      extent: 1,
      critic: { kind: 'raw', ganType: 'wgan', centre: 0, halfRange: 3 },
    };
    const { width, data } = renderPoints(samples, 1);
    expect(pixel(data, width, 0, 0)).toEqual([...CRITIC_RAMP.fake, 255]);
    expect(pixel(data, width, 1, 0)).toEqual([...CRITIC_RAMP.real, 255]);
    // 0 is halfway: (208 + 172) / 2 = 190, (180 + 222) / 2 = 201, (228 + 172) / 2 = 200.
    expect(pixel(data, width, 0, 1)).toEqual([190, 201, 200, 255]);
    expect(pixel(data, width, 1, 1)).toEqual([...CRITIC_RAMP.real, 255]); // clipped
  });

  it('makes a PNG of either kind of preview', () => {
    const rgba = new Uint8ClampedArray(4 * 6 * 4).fill(200);
    expect(decode(samplePng({ step: 1, kind: 'images', width: 4, height: 6, rgba, rows: ['generated'] }))).toMatchObject({ width: 4, height: 6 });
    const points: SamplePoints = { kind: 'points', real: new Float32Array(2), fake: new Float32Array(2), discriminator: new Float32Array(48 * 48), resolution: 48, extent: 1.2 };
    expect(decode(samplePng({ step: 1, ...points }))).toMatchObject({ width: 240, height: 240 });
  });
});
