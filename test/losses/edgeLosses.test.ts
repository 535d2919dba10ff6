import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { GradientLoss, LaplacianLoss, SobelLoss } from '../../src/losses';
import { expectNoLeak, expectScalar } from '../helpers/tensors';

/** A 3x3 image, zero but for `value` at its centre, in `channels` channels. */
function impulse(channels: number[]): tf.Tensor4D {
  const data = new Float32Array(9 * channels.length);
  channels.forEach((v, c) => (data[4 * channels.length + c] = v));
  return tf.tensor4d(data, [1, 3, 3, channels.length]);
}

// Filtering a centred impulse with zero padding spreads the kernel (mirrored) over the 3x3
// image, so each edge map's absolute sum is the kernel's: |Sobel| = 1+2+1+1+2+1 = 8,
// |Laplacian| = 1+1+4+1+1 = 8.
describe('GradientLoss (MMagic, Sobel)', () => {
  it('is L1 of the x-gradients plus L1 of the y-gradients', async () => {
    const zeros = tf.zeros([1, 3, 3, 1]);
    await expectScalar(new GradientLoss().forward(impulse([1]), zeros), 8 / 9 + 8 / 9, 1e-6);
    await expectScalar(new GradientLoss({ reduction: 'sum', loss_weight: 0.5 }).forward(impulse([1]), zeros), 0.5 * 16, 1e-5);
  });

  it('filters each channel alike', async () => {
    await expectScalar(new GradientLoss().forward(impulse([1, 2]), tf.zeros([1, 3, 3, 2])), (8 + 16) / 18 + (8 + 16) / 18, 1e-6);
  });
});

describe("SobelLoss (NectarGAN's)", () => {
  it('compares Sobel magnitudes sqrt(gx^2 + gy^2 + 1e-6) of the grayscale images', async () => {
    // Grayscale is the channel mean, so [3, 0, 0] at the centre is an impulse of 1. The
    // (gx, gy) pairs around it are 4 x (±1, ±1), 4 x (±2, 0)/(0, ±2) and (0, 0) at the centre;
    // the all-zero target's magnitude is sqrt(1e-6) = 1e-3 everywhere.
    const eps = 1e-6;
    const floor = Math.sqrt(eps);
    const expected = (4 * (Math.sqrt(2 + eps) - floor) + 4 * (Math.sqrt(4 + eps) - floor) + 0) / 9;
    await expectScalar(new SobelLoss().forward(impulse([3, 0, 0]), tf.zeros([1, 3, 3, 3])), expected, 1e-6);
  });

  it("offers NectarGAN's L2 metric", async () => {
    const eps = 1e-6;
    const floor = Math.sqrt(eps);
    const expected = (4 * (Math.sqrt(2 + eps) - floor) ** 2 + 4 * (Math.sqrt(4 + eps) - floor) ** 2) / 9;
    await expectScalar(new SobelLoss({ metric: 'L2' }).forward(impulse([1]), tf.zeros([1, 3, 3, 1])), expected, 1e-5);
  });
});

describe("LaplacianLoss (NectarGAN's)", () => {
  it('compares the 4-neighbour Laplacians of the grayscale images with L1', async () => {
    await expectScalar(new LaplacianLoss().forward(impulse([0, 3, 0]), tf.zeros([1, 3, 3, 3])), 8 / 9, 1e-6);
  });
});

describe('edge losses', () => {
  it('need NHWC images and leak nothing', async () => {
    expect(() => new SobelLoss().forward(tf.zeros([4, 4]), tf.zeros([4, 4]))).toThrow(/pred must be an NHWC batch of rank 4/);
    const p = tf.randomUniform([2, 6, 6, 3]);
    const t = tf.randomUniform([2, 6, 6, 3]);
    const w = tf.randomUniform([2, 6, 6, 1]);
    for (const loss of [new GradientLoss(), new SobelLoss(), new LaplacianLoss({ reduction: 'none' })]) {
      await expectNoLeak(() => loss.forward(p, t, w));
    }
    tf.dispose([p, t, w]);
  });
});
