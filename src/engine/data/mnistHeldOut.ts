// The digits the digit classifier never trains on: the real side of DCGAN's KID and FID.
import type { MnistData } from './mnist';

/**
 * Every fifth digit of the file (index mod 5 = 4) is held out: 2,000 of the 10,000, about 200
 * of each class (the file keeps the package's order, class by class). A rule of the index, not
 * a drawn list, so the training script and the metrics agree without sharing any state.
 */
export const HELD_OUT_EVERY = 5;

export const isHeldOutDigit = (index: number): boolean => index % HELD_OUT_EVERY === HELD_OUT_EVERY - 1;

/** Indices of the held-out digits (or of the others, `heldOut` false), optionally only some classes. */
export function mnistSplit(data: MnistData, heldOut: boolean, digits?: readonly number[]): number[] {
  const keep = digits ? new Set(digits) : null;
  const out: number[] = [];
  for (let i = 0; i < data.count; i++) {
    if (isHeldOutDigit(i) === heldOut && (!keep || keep.has(data.labels[i]!))) out.push(i);
  }
  return out;
}

/** The digits at `indices`, NHWC [n, rows, cols, 1] in [-1, 1] as the GAN sees them, with their labels. */
export function mnistImages(data: MnistData, indices: readonly number[]): { images: Float32Array; labels: Int32Array } {
  const size = data.rows * data.cols;
  const images = new Float32Array(indices.length * size);
  const labels = new Int32Array(indices.length);
  indices.forEach((index, k) => {
    labels[k] = data.labels[index]!;
    const digit = data.pixels.subarray(index * size, (index + 1) * size);
    for (let p = 0; p < size; p++) images[k * size + p] = digit[p]! / 127.5 - 1;
  });
  return { images, labels };
}
