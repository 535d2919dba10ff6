// The pictures the worker posts (the 'samples' event of messages.ts): a grid of generated
// images, or the toy GAN's plane of real and generated points over the critic's output.
// Typed arrays, transferred rather than copied (transferables in messages.ts lists them).
import type { Schedule } from '../manager/schedule';

/** Generated images as one RGBA grid, ready for ImageData: rows of samples (pix2pix: A, fake B, real B). */
export interface SampleImages {
  readonly kind: 'images';
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8ClampedArray;
  /** What each row of tiles shows, top to bottom, e.g. ['input A', 'generated B', 'real B']. */
  readonly rows: readonly string[];
}

/**
 * How the toy picture's critic values read. 'probability': sigmoid(D), for critics trained
 * with a log loss (vanilla, wgan-logistic-ns). 'raw': D itself, for unbounded critics (wgan,
 * hinge, least squares...), on a scale symmetric about `centre` (the midpoint of the real and
 * fake labels: 0.5 for least squares, 0 for wgan and hinge) reaching `halfRange` either side.
 */
export type CriticScale =
  | { readonly kind: 'probability' }
  | { readonly kind: 'raw'; readonly ganType: string; readonly centre: number; readonly halfRange: number };

/** One generator loss's pull on the generated points: its weighted term's gradient, per point. */
export interface PointPull {
  readonly name: string;
  /** The weight applied now (the schedule's value at this step, where there is one). */
  readonly weight: number;
  readonly schedule: Schedule | null;
  /** Runs every this many steps (lazy regularization); the arrows show a step when it runs. */
  readonly interval: number;
  /** dx, dy per generated point, in `fake`'s order; null where the loss has no per-point gradient. */
  readonly arrows: Float32Array | null;
  /** Why `arrows` is null (e.g. it differentiates through G itself); null otherwise. */
  readonly reason: string | null;
}

/** G applied to a grid over the noise space (GAN Lab's manifold): `rows` x `cols` points, row by row. */
export interface NoiseManifold {
  readonly noiseDim: number;
  /** 1 for 1-D noise (one line of `cols` points). */
  readonly rows: number;
  readonly cols: number;
  /** x0, y0, x1, y1, ...: G(z) for each grid point z. */
  readonly points: Float32Array;
  /** The part of the noise space the grid covers, e.g. "z1, z2 in [0, 1]; z3..z8 at 0.5". */
  readonly covers: string;
}

/** The toy GAN's picture (GAN Lab's): real and generated points over the critic's output. */
export interface SamplePoints {
  readonly kind: 'points';
  /** x0, y0, x1, y1, ... */
  readonly real: Float32Array;
  readonly fake: Float32Array;
  /** The critic on a resolution x resolution grid over [-extent, extent]^2, top row first, as `critic` says. */
  readonly discriminator: Float32Array;
  readonly resolution: number;
  readonly extent: number;
  /** @default { kind: 'probability' } */
  readonly critic?: CriticScale;
  /**
   * Minus the gradient of the generator's objective with respect to each generated point,
   * times the number of points (for a mean over points: the gradient of the point's own term),
   * dx, dy per point. Only the losses with `arrows` take part; null where none has.
   */
  readonly totalPull?: Float32Array | null;
  /** Each generator loss's share of `totalPull`, in the spec's order. @default [] */
  readonly pulls?: readonly PointPull[];
  readonly manifold?: NoiseManifold | null;
}

export type SamplesMessage = { readonly step: number } & (SampleImages | SamplePoints);
