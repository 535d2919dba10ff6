import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { gaussianWindow, mae, psnr, ssim, to255 } from '../../../src/engine/metrics/imageQuality';

const read = async (t: tf.Tensor) => {
  const [v] = await t.data();
  t.dispose();
  return v!;
};

describe("MMagic's image metrics on [0, 255]", () => {
  it('PSNR of a constant offset of 10: 20 log10(255 / 10); MAE 10 / 255', async () => {
    const before = tf.memory().numTensors;
    const a = tf.randomUniform([2, 12, 12, 3], 20, 200, 'float32', 1) as tf.Tensor4D;
    const b = tf.add(a, 10) as tf.Tensor4D;
    expect(await read(psnr(a, b))).toBeCloseTo(20 * Math.log10(255 / 10), 3); // 28.13 dB
    expect(await read(mae(a, b))).toBeCloseTo(10 / 255, 6);
    tf.dispose([a, b]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('PSNR averages per image: offsets 5 and 20 give the mean of their two PSNRs', async () => {
    const a = tf.zeros([2, 4, 4, 1]) as tf.Tensor4D;
    const b = tf.concat([tf.fill([1, 4, 4, 1], 5), tf.fill([1, 4, 4, 1], 20)]) as tf.Tensor4D;
    expect(await read(psnr(a, b))).toBeCloseTo((20 * Math.log10(255 / 5) + 20 * Math.log10(255 / 20)) / 2, 3);
    tf.dispose([a, b]);
  });

  it('SSIM of an image with itself is 1', async () => {
    const a = to255(tf.randomUniform([2, 16, 16, 3], -1, 1, 'float32', 3) as tf.Tensor4D);
    expect(await read(ssim(a, a))).toBeCloseTo(1, 5);
    a.dispose();
  });

  it('SSIM of two flat 11 x 11 images, 100 and 110: one window, no variance: (2 * 100 * 110 + C1) / (100^2 + 110^2 + C1)', async () => {
    const c1 = (0.01 * 255) ** 2;
    const a = tf.fill([1, 11, 11, 1], 100) as tf.Tensor4D;
    const b = tf.fill([1, 11, 11, 1], 110) as tf.Tensor4D;
    // The contrast-structure factor is (0 + C2) / (0 + C2) = 1.
    // Float32: E[x^2] - E[x]^2 at 10^4 leaves a variance of ~1e-3, against C2 = 58.5: 3 digits.
    expect(await read(ssim(a, b))).toBeCloseTo((2 * 100 * 110 + c1) / (100 ** 2 + 110 ** 2 + c1), 3);
    tf.dispose([a, b]);
  });

  it("the window is OpenCV's getGaussianKernel(11, 1.5) squared: sums to 1, peaks in the middle", () => {
    const w = gaussianWindow();
    expect(w.flat().reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    const g = Array.from({ length: 11 }, (_, i) => Math.exp(-((i - 5) ** 2) / 4.5));
    const sum = g.reduce((s, v) => s + v, 0);
    expect(w[5]![5]).toBeCloseTo((1 / sum) ** 2, 12);
    expect(() => ssim(tf.zeros([1, 8, 8, 1]) as tf.Tensor4D, tf.zeros([1, 8, 8, 1]) as tf.Tensor4D)).toThrow(/at least 11 x 11/);
  });
});
