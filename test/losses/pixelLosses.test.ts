import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { CharbonnierLoss, L1Loss, MSELoss } from '../../src/losses';
import { expectNoLeak, expectScalar, expectValues } from '../helpers/tensors';

// pred - target = [-1, 1, 2] for pred [0, 2, 3] and target [1, 1, 1].
const pred = () => tf.tensor1d([0, 2, 3]);
const target = () => tf.tensor1d([1, 1, 1]);
const weight = () => tf.tensor1d([1, 0, 1]);

describe('L1Loss', () => {
  it('is the mean absolute error, times loss_weight', async () => {
    await expectScalar(new L1Loss().forward(pred(), target()), (1 + 1 + 2) / 3);
    await expectScalar(new L1Loss({ loss_weight: 0.5 }).forward(pred(), target()), (0.5 * (1 + 1 + 2)) / 3);
  });

  it('honours reduction and an element-wise weight', async () => {
    await expectScalar(new L1Loss().forward(pred(), target(), weight()), (1 + 2) / 2);
    await expectScalar(new L1Loss({ reduction: 'sum' }).forward(pred(), target()), 1 + 1 + 2);
    await expectValues(new L1Loss({ reduction: 'none', loss_weight: 2 }).forward(pred(), target()), [2, 2, 4]);
  });

  it('averages per sample with sample_wise', async () => {
    // Sample 0: |[1, 2]| with weight [1, 1] -> 1.5; sample 1: |[4, 6]| with weight [1, 0] -> 4.
    const p = tf.tensor4d([1, 2, 4, 6], [2, 1, 2, 1]);
    const w = tf.tensor4d([1, 1, 1, 0], [2, 1, 2, 1]);
    await expectScalar(new L1Loss({ sample_wise: true }).forward(p, tf.zerosLike(p), w), (1.5 + 4) / 2, 1e-5);
  });

  it('rejects an invalid reduction at construction and mismatched shapes at call', () => {
    expect(() => new L1Loss({ reduction: 'avg' as never })).toThrow(/L1Loss: option "reduction".*"none"\|"mean"\|"sum".*got "avg"/);
    expect(() => new L1Loss().forward(tf.zeros([2, 3]), tf.zeros([3, 2]))).toThrow(
      /pred shape \[2, 3\] differs from target shape \[3, 2\]/,
    );
  });
});

describe('MSELoss', () => {
  it('is the mean squared error', async () => {
    await expectScalar(new MSELoss().forward(pred(), target()), (1 + 1 + 4) / 3);
    await expectScalar(new MSELoss({ loss_weight: 10 }).forward(pred(), target(), weight()), (10 * (1 + 4)) / 2);
  });
});

describe('CharbonnierLoss', () => {
  it('is sqrt(diff^2 + eps), eps 1e-12 by default', async () => {
    const p = tf.tensor1d([0, 3]);
    const t = tf.tensor1d([0, 0]);
    // sqrt(0 + 1e-12) = 1e-6; sqrt(9 + 1e-12) = 3 in float32.
    await expectValues(new CharbonnierLoss({ reduction: 'none' }).forward(p, t), [1e-6, 3], 1e-9);
    await expectScalar(new CharbonnierLoss({ eps: 16 }).forward(p, t), (Math.sqrt(16) + Math.sqrt(9 + 16)) / 2, 1e-5);
  });
});

describe('pixel losses and memory', () => {
  it('leak nothing, with and without a weight', async () => {
    const p = tf.randomUniform([2, 4, 4, 3]);
    const t = tf.randomUniform([2, 4, 4, 3]);
    const w = tf.randomUniform([2, 4, 4, 1]);
    for (const loss of [new L1Loss(), new MSELoss({ sample_wise: true }), new CharbonnierLoss({ reduction: 'sum' })]) {
      await expectNoLeak(() => loss.forward(p, t));
      await expectNoLeak(() => loss.forward(p, t, w));
    }
    tf.dispose([p, t, w]);
  });
});

describe('loss maps', () => {
  it('give the weighted per-element loss averaged over the batch', async () => {
    // Two 1x2 samples: |diff| = [1, 3] and [3, 5] -> batch mean [2, 4], times loss_weight 0.5.
    const p = tf.tensor4d([1, 3, 3, 5], [2, 1, 2, 1]);
    const { loss, map } = new L1Loss({ loss_weight: 0.5 }).forwardWithMap(p, tf.zerosLike(p));
    await expectScalar(loss, (0.5 * (1 + 3 + 3 + 5)) / 4);
    expect(map!.shape).toEqual([1, 2, 1]);
    await expectValues(map!, [0.5 * 2, 0.5 * 4]);
  });

  it('through NectarGAN-style x, y calls and data_info alike', async () => {
    const mse = new MSELoss();
    const { map } = mse.forwardXYWithMap(tf.tensor2d([[1, 2], [3, 4]]), tf.zeros([2, 2]));
    await expectValues(map!, [(1 + 9) / 2, (4 + 16) / 2]);
    const [p, t] = [pred(), target()];
    await expectNoLeak(() => mse.forwardXYWithMap(p, t));
  });
});
