import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { collectLosses, DiscShiftLoss, parseLosses, R1GradientPenalty } from '../../src/losses';
import { expectNoLeak, expectScalar } from '../helpers/tensors';

describe('parseLosses', () => {
  it("means every entry, and totals those whose key contains 'loss'", async () => {
    const { loss, logVars } = parseLosses({
      loss_disc_fake: tf.tensor1d([1, 3]),
      loss_disc_real: tf.scalar(0.5),
      acc_real: tf.scalar(0.9),
      loss_list: [tf.tensor1d([2, 4]), tf.scalar(1)],
      loss_skipped: null,
    });
    await expectScalar(loss, (1 + 3) / 2 + 0.5 + ((2 + 4) / 2 + 1));
    expect(Object.keys(logVars)).toEqual(['loss_disc_fake', 'loss_disc_real', 'acc_real', 'loss_list', 'loss']);
    await expectScalar(logVars.acc_real!, 0.9, 1e-7);
    await expectScalar(logVars.loss_list!, (2 + 4) / 2 + 1);
    expect(logVars.loss).toBe(loss);
  });

  it('rejects a value that is not a tensor, naming its key', () => {
    expect(() => parseLosses({ loss_x: 3 as never })).toThrow(/parseLosses: "loss_x" is not a tensor or a list of tensors/);
  });

  it('leaks nothing', async () => {
    const a = tf.randomNormal([4]);
    await expectNoLeak(() => parseLosses({ loss_a: a, loss_b: [a, a] }));
    a.dispose();
  });
});

describe('collectLosses', () => {
  it('sums modules with the same loss name and skips those that return null', async () => {
    const outputs = { iteration: 1, disc: (x: tf.Tensor) => tf.sum(x, [1]), disc_pred_real: tf.tensor1d([1, 3]), disc_pred_fake: tf.tensor1d([2, 2]), real: tf.ones([1, 2]) };
    const modules = [
      new DiscShiftLoss({ data_info: { pred: 'disc_pred_real' } }),
      new DiscShiftLoss({ data_info: { pred: 'disc_pred_fake' } }),
      new R1GradientPenalty({ interval: 2, data_info: { discriminator: 'disc', real_data: 'real' } }),
    ];
    const record = collectLosses(modules, outputs);
    expect(Object.keys(record)).toEqual(['loss_disc_shift']);
    await expectScalar(record.loss_disc_shift!, (1 + 9) / 2 + (4 + 4) / 2);
  });
});
