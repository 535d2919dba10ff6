import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { binCounts } from '../../../src/engine/metrics/binCounts';

const kernelsOf = async (f: () => tf.Tensor) => {
  let out: number[] = [];
  const info = await tf.profile(async () => {
    const t = f();
    out = Array.from(await t.data());
    t.dispose();
  });
  return { out, kernels: info.kernelNames };
};

describe('binCounts: weighted counts per bin without a read-back on webgl', () => {
  it('the on-device form counts as tf.bincount: weights summed per index, indices past the last bin nowhere, and runs no Bincount kernel', async () => {
    const index = tf.tensor1d([0, 2, 2, 5, 1, 2, 6, 7], 'int32');
    const weights = tf.tensor1d([1, 0.5, 0.25, 3, 0, 1, 9, 9]);
    // bin 0: 1; bin 1: 0; bin 2: 0.5 + 0.25 + 1; bins 3, 4: 0; bin 5: 3; 6 and 7 fall past 6 bins
    // (tf.bincount throws on a negative index; the metrics' indices are clamped and never are).
    const expected = [1, 0, 1.75, 0, 0, 3];
    const device = await kernelsOf(() => binCounts(index, weights, 6, true));
    const native = await kernelsOf(() => binCounts(index, weights, 6, false));
    expect(device.out).toEqual(expected);
    expect(native.out).toEqual(expected);
    expect(device.kernels).not.toContain('Bincount');
    expect(native.kernels).toContain('Bincount');
    tf.dispose([index, weights]);
  });

  it('counts 2,048 points over 900 cells exactly, as many as the toy metrics bin, and leaks nothing', async () => {
    const n = 2048;
    const ids = Array.from({ length: n }, (_, i) => (i * 7919) % 900);
    const byHand = new Array<number>(900).fill(0);
    for (const i of ids) byHand[i] = (byHand[i] ?? 0) + 1;
    const index = tf.tensor1d(ids, 'int32');
    const ones = tf.ones([n]) as tf.Tensor1D;
    const before = tf.memory().numTensors;
    const counts = binCounts(index, ones, 900, true);
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(Array.from(await counts.data())).toEqual(byHand);
    tf.dispose([index, ones, counts]);
  });

  it('uses tf.bincount where the backend counts without a read-back (cpu here)', async () => {
    const index = tf.tensor1d([1, 1], 'int32');
    const weights = tf.ones([2]) as tf.Tensor1D;
    const { out, kernels } = await kernelsOf(() => binCounts(index, weights, 3));
    expect(out).toEqual([0, 2, 0]);
    expect(kernels).toContain('Bincount');
    tf.dispose([index, weights]);
  });
});
