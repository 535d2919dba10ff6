import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { MaskedTVLoss, PSNRLoss } from '../../src/losses';
import { expectNoLeak, expectScalar } from '../helpers/tensors';

describe('MaskedTVLoss', () => {
  // One 2x2 image [[1, 2], [4, 8]]: vertical neighbours differ by 3 and 6, horizontal by 1 and 4.
  const image = () => tf.tensor4d([1, 2, 4, 8], [1, 2, 2, 1]);

  it('adds the mean horizontal and vertical differences, times loss_weight', async () => {
    await expectScalar(new MaskedTVLoss().forward(image()), (1 + 4) / 2 + (3 + 6) / 2);
    await expectScalar(new MaskedTVLoss({ loss_weight: 0.1 }).forward(image()), 0.1 * ((1 + 4) / 2 + (3 + 6) / 2), 1e-6);
  });

  it("weights each difference by the mask at its first pixel, as MMagic's mask[:, :, :-1] does", async () => {
    // Mask [[1, 0], [1, 1]]: vertical pairs use mask row 0 = [1, 0] -> 3 / 1;
    // horizontal pairs use mask column 0 = [1, 1] -> (1 + 4) / 2.
    const mask = tf.tensor4d([1, 0, 1, 1], [1, 2, 2, 1]);
    await expectScalar(new MaskedTVLoss().forward(image(), mask), 3 / 1 + (1 + 4) / 2, 1e-5);
  });

  it('needs NHWC images and leaks nothing', async () => {
    expect(() => new MaskedTVLoss().forward(tf.zeros([2, 2]))).toThrow(/pred must be an NHWC batch of rank 4/);
    const x = tf.randomUniform([2, 5, 4, 3]);
    const m = tf.randomUniform([2, 5, 4, 1]);
    await expectNoLeak(() => new MaskedTVLoss().forward(x, m));
    tf.dispose([x, m]);
  });
});

describe('PSNRLoss', () => {
  it('is 10/ln(10) * the batch mean of log(mse + 1e-8), i.e. minus the mean PSNR', async () => {
    // Sample 0 is off by 0.1 everywhere (mse 0.01), sample 1 by 0.5 (mse 0.25).
    const pred = tf.concat([tf.fill([1, 2, 2, 3], 0.1), tf.fill([1, 2, 2, 3], 0.5)]);
    const target = tf.zeros([2, 2, 2, 3]);
    const expected = ((10 / Math.LN10) * (Math.log(0.01 + 1e-8) + Math.log(0.25 + 1e-8))) / 2;
    await expectScalar(new PSNRLoss().forward(pred, target), expected, 1e-4);
    await expectScalar(new PSNRLoss({ loss_weight: 2 }).forward(pred, target), 2 * expected, 1e-4);
    await expectNoLeak(() => new PSNRLoss().forward(pred, target));
  });

  it('refuses toY: true, which MMagic accepts but never applies', () => {
    expect(() => new PSNRLoss({ toY: true as never })).toThrow(/PSNRLoss: option "toY".*never applies it/);
  });
});
