/**
 * What every dataset here offers. Generation works on flat Float32Arrays (cheap to test, and
 * what crosses to the page anyway); `tensors.ts` wraps them for training.
 */

/** Draws unpaired items: toy points, MNIST digits. */
export interface BatchSource {
  /** The shape of one item: [2] for a point, [28, 28, 1] for a digit (NHWC without the N). */
  readonly itemShape: readonly number[];
  /** The next `n` items, one after the other: `n * itemSize(itemShape)` values. */
  nextBatch(n: number): Float32Array;
}

/** Draws pix2pix pairs: A is the input, B the target, both images in [-1, 1]. */
export interface PairSource {
  /** [H, W, C] of one A image. */
  readonly shapeA: readonly [number, number, number];
  /** [H, W, C] of one B image. */
  readonly shapeB: readonly [number, number, number];
  /** Pairs in one pass (the user's images); absent for procedural tasks, which never run out. */
  readonly size?: number;
  nextPairs(n: number): ImagePairs;
}

/** `n` A images and the `n` matching B images, NHWC, flat. */
export interface ImagePairs {
  a: Float32Array;
  b: Float32Array;
}

export function itemSize(shape: readonly number[]): number {
  return shape.reduce((size, d) => size * d, 1);
}

/** Batch sizes come from the UI and from JSON: refuse 0, fractions and NaN before allocating. */
export function checkBatchSize(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`batch size must be a positive integer, got ${n}`);
}
