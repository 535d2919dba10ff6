import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { LossConfigError } from './types';

/** MMagic's GaussianBlur defaults (used by the smgan loss). */
export const DEFAULT_BLUR_KERNEL: readonly [number, number] = [71, 71];
export const DEFAULT_BLUR_SIGMA: readonly [number, number] = [10, 10];

/** Normalized 1-D Gaussian weights exp(-(i - size//2)^2 / (2 sigma^2)), as in MMagic (kornia). */
export function gaussianKernel1d(size: number, sigma: number): number[] {
  if (!Number.isInteger(size) || size <= 0 || size % 2 === 0) {
    throw new LossConfigError(`gaussianBlur: kernel size must be an odd positive integer, got ${size}`);
  }
  if (!(sigma > 0)) throw new LossConfigError(`gaussianBlur: sigma must be positive, got ${sigma}`);
  const centre = Math.floor(size / 2);
  const raw = Array.from({ length: size }, (_, i) => Math.exp(-((i - centre) ** 2) / (2 * sigma ** 2)));
  const total = raw.reduce((a, b) => a + b, 0);
  return raw.map((v) => v / total);
}

/**
 * Blurs every channel of an NHWC batch with a 2-D Gaussian, zero-padded to keep H and W
 * (MMagic's GaussianBlur). The 2-D kernel is the outer product of two 1-D kernels, so it is
 * applied as two 1-D passes: the same result for a fraction of the work.
 */
export function gaussianBlur(
  x: Tensor4D,
  kernelSize: readonly [number, number] = DEFAULT_BLUR_KERNEL,
  sigma: readonly [number, number] = DEFAULT_BLUR_SIGMA,
): Tensor4D {
  const [kh, kw] = kernelSize;
  const rows = gaussianKernel1d(kh, sigma[0]);
  const cols = gaussianKernel1d(kw, sigma[1]);
  const channels = x.shape[3];
  return tf.tidy(() => {
    const vertical = tf.tile(tf.tensor4d(rows, [kh, 1, 1, 1]), [1, 1, channels, 1]) as Tensor4D;
    const horizontal = tf.tile(tf.tensor4d(cols, [1, kw, 1, 1]), [1, 1, channels, 1]) as Tensor4D;
    const padH = (kh - 1) / 2;
    const padW = (kw - 1) / 2;
    const pass1 = tf.depthwiseConv2d(x, vertical, 1, [[0, 0], [padH, padH], [0, 0], [0, 0]]);
    return tf.depthwiseConv2d(pass1, horizontal, 1, [[0, 0], [0, 0], [padW, padW], [0, 0]]);
  });
}
