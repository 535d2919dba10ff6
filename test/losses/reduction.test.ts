import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { maskReduceLoss, reduceLoss, type Reduction } from '../../src/losses';
import { expectNoLeak, expectScalar, expectValues } from '../helpers/tensors';

describe('reduceLoss', () => {
  const loss = () => tf.tensor1d([1, 1, 2]);

  it('keeps, averages or sums the element-wise loss', async () => {
    await expectValues(reduceLoss(loss(), 'none'), [1, 1, 2]);
    await expectScalar(reduceLoss(loss(), 'mean'), (1 + 1 + 2) / 3);
    await expectScalar(reduceLoss(loss(), 'sum'), 1 + 1 + 2);
  });

  it('throws on any other reduction, naming the valid ones', () => {
    expect(() => reduceLoss(loss(), 'avg' as Reduction)).toThrow(/unsupported reduction "avg".*none, mean, sum/);
  });
});

describe('maskReduceLoss', () => {
  // MMagic's masked_loss docstring: |[0, 2, 3] - [1, 1, 1]| = [1, 1, 2] with weight [1, 0, 1].
  const loss = () => tf.tensor1d([1, 1, 2]);
  const weight = () => tf.tensor1d([1, 0, 1]);

  it("matches MMagic's documented examples", async () => {
    await expectScalar(maskReduceLoss(loss()), (1 + 1 + 2) / 3);
    await expectScalar(maskReduceLoss(loss(), weight()), (1 + 2) / (1 + 0 + 1));
    await expectValues(maskReduceLoss(loss(), weight(), 'none'), [1, 0, 2]);
    await expectScalar(maskReduceLoss(loss(), weight(), 'sum'), 1 + 2);
  });

  it('broadcasts a one-channel weight to the loss channels before dividing by its sum', async () => {
    // N=1, H=1, W=2, C=2: pixel 0 has loss [1, 3], pixel 1 has [5, 7]; only pixel 0 counts.
    const l = tf.tensor4d([1, 3, 5, 7], [1, 1, 2, 2]);
    const w = tf.tensor4d([1, 0], [1, 1, 2, 1]);
    await expectScalar(maskReduceLoss(l, w), (1 + 3) / (2 * 1));
  });

  it('takes a weight with as many channels as the loss', async () => {
    const l = tf.tensor4d([1, 3, 5, 7], [1, 1, 2, 2]);
    const w = tf.tensor4d([1, 0, 0, 1], [1, 1, 2, 2]);
    await expectScalar(maskReduceLoss(l, w), (1 + 7) / 2);
  });

  it('with sampleWise, averages each sample over its own weight, then the samples', async () => {
    // Sample 0: loss [1, 2] all weighted -> 3 / 2; sample 1: loss [4, 6], weight [1, 0] -> 4 / 1.
    const l = tf.tensor4d([1, 2, 4, 6], [2, 1, 2, 1]);
    const w = tf.tensor4d([1, 1, 1, 0], [2, 1, 2, 1]);
    await expectScalar(maskReduceLoss(l, w, 'mean', true), (3 / 2 + 4 / 1) / 2, 1e-5);
    // Pixel-wise instead: every weighted element over the total weight.
    await expectScalar(maskReduceLoss(l, w, 'mean', false), (1 + 2 + 4) / 3, 1e-5);
  });

  it('adds 1e-12 to the weight sum, so an empty mask gives 0, not NaN', async () => {
    await expectScalar(maskReduceLoss(loss(), tf.zeros([3])), 0);
  });

  it('rejects a weight with a wrong channel count or rank, naming both shapes', () => {
    const l = tf.zeros([1, 2, 2, 2]);
    expect(() => maskReduceLoss(l, tf.zeros([1, 2, 2, 3]))).toThrow(
      /weight shape \[1, 2, 2, 3\] vs loss shape \[1, 2, 2, 2\].*1 channel or as many as the loss \(2\), got 3/,
    );
    expect(() => maskReduceLoss(l, tf.zeros([2, 2, 1]))).toThrow(/must have the loss's rank \(4\), got 3/);
    expect(() => maskReduceLoss(l, tf.zeros([1, 3, 2, 1]))).toThrow(/axis 1 differs \(3 vs 2\)/);
  });

  it('leaks no tensors', async () => {
    const l = tf.randomUniform([2, 3, 3, 2]);
    const w = tf.randomUniform([2, 3, 3, 1]);
    for (const reduction of ['none', 'mean', 'sum'] as const) {
      for (const sampleWise of [false, true]) {
        await expectNoLeak(() => maskReduceLoss(l, w, reduction, sampleWise));
      }
    }
    tf.dispose([l, w]);
  });
});
