// pix2pix's quality on held-out pairs, with MMagic's conventions (mmagic/evaluation/metrics:
// psnr.py, ssim.py, mae.py): images on [0, 255] (ours map [-1, 1] by (x + 1) * 127.5, not
// rounded to bytes), every channel (RGB, no conversion to Y), crop_border 0; each image scored on
// its own and the scores averaged over images.
import * as tf from '@tensorflow/tfjs';
import type { Scalar, Tensor4D } from '@tensorflow/tfjs';

/** [-1, 1] (the models' range) to MMagic's [0, 255]. */
export const to255 = (x: Tensor4D): Tensor4D => tf.mul(tf.add(x, 1), 127.5);

/** MMagic's MAE: mean |a - b| over pixels and channels on [0, 255], divided by 255 (so on [0, 1]). */
export function mae(a: Tensor4D, b: Tensor4D): Scalar {
  return tf.tidy(() => tf.div(tf.mean(tf.abs(tf.sub(a, b))), 255));
}

/** MMagic's PSNR: per image 20 log10(255 / sqrt(MSE)) over its pixels and channels, averaged over images (inf for identical images). */
export function psnr(a: Tensor4D, b: Tensor4D): Scalar {
  return tf.tidy(() => {
    const mse = tf.mean(tf.squaredDifference(a, b), [1, 2, 3]);
    return tf.mean(tf.mul(20, tf.div(tf.log(tf.div(255, tf.sqrt(mse))), Math.LN10)));
  });
}

/** MMagic's window: OpenCV's getGaussianKernel(11, 1.5), outer product with itself. */
export function gaussianWindow(size = 11, sigma = 1.5): number[][] {
  const half = (size - 1) / 2;
  const g = Array.from({ length: size }, (_, i) => Math.exp(-((i - half) ** 2) / (2 * sigma * sigma)));
  const total = g.reduce((s, v) => s + v, 0);
  return g.map((u) => g.map((v) => (u * v) / (total * total)));
}

/**
 * MMagic's SSIM (Wang et al. 2004 as in its _ssim): local means, variances and covariance under
 * the 11 x 11 Gaussian window (sigma 1.5), 'valid' positions only (cv2.filter2D then [5:-5, 5:-5]),
 * C1 = (0.01 * 255)^2, C2 = (0.03 * 255)^2; the map's mean per channel, averaged over channels and images.
 * Images must be at least 11 pixels a side.
 */
export function ssim(a: Tensor4D, b: Tensor4D): Scalar {
  const [, h, w, c] = a.shape;
  if (h < 11 || w < 11) throw new RangeError(`SSIM needs images of at least 11 x 11 pixels, got ${h} x ${w}`);
  return tf.tidy(() => {
    const window = tf.tile(tf.reshape(tf.tensor2d(gaussianWindow()), [11, 11, 1, 1]), [1, 1, c, 1]) as tf.Tensor4D;
    const filter = (x: Tensor4D) => tf.depthwiseConv2d(x, window, 1, 'valid');
    const c1 = (0.01 * 255) ** 2;
    const c2 = (0.03 * 255) ** 2;
    const mu1 = filter(a);
    const mu2 = filter(b);
    const mu1Sq = tf.square(mu1);
    const mu2Sq = tf.square(mu2);
    const mu12 = tf.mul(mu1, mu2);
    const s1 = tf.sub(filter(tf.square(a)), mu1Sq);
    const s2 = tf.sub(filter(tf.square(b)), mu2Sq);
    const s12 = tf.sub(filter(tf.mul(a, b)), mu12);
    const num = tf.mul(tf.add(tf.mul(mu12, 2), c1), tf.add(tf.mul(s12, 2), c2));
    const den = tf.mul(tf.add(tf.add(mu1Sq, mu2Sq), c1), tf.add(tf.add(s1, s2), c2));
    // Mean over positions per image and channel, then over channels and images: equal sizes, so one mean.
    return tf.mean(tf.div(num, den));
  });
}
