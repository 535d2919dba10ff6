import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { bceWithLogits } from '../../src/losses/bceWithLogits';

/** The same formula as tfjs ops, each taped: the reference for values and gradients. */
const reference = (x: tf.Tensor, y: number) => tf.add(tf.sub(tf.relu(x), tf.mul(x, y)), tf.log1p(tf.exp(tf.neg(tf.abs(x)))));

// Large logits of both signs, zero (where relu and abs have their kinks), and small ones.
const LOGITS = [[-80], [-7.5], [-1], [-1e-3], [0], [2e-4], [0.5], [3], [40], [90]];

describe('bceWithLogits', () => {
  it.each([1, 0, 0.9])('gives the taped ops\u2019 values and gradients to the bit (label %d)', (label) => {
    const x = tf.tensor2d(LOGITS);
    const w = tf.tensor2d(LOGITS.map((_, i) => [(i % 3) - 0.7])); // a dy that is not all ones
    const run = (f: (t: tf.Tensor, y: number) => tf.Tensor) =>
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(f(xVar, label), w)) as tf.Scalar, [xVar]);
        return { value: value.arraySync(), elementwise: f(xVar, label).arraySync(), dx: grads[xVar.name]!.arraySync() };
      });
    const xVar = tf.variable(x);
    const before = tf.memory().numTensors;
    const ours = run(bceWithLogits);
    expect(tf.memory().numTensors).toBe(before);
    expect(ours).toEqual(run(reference));
    // At 0: 0 - 0 + log(1 + 1).
    expect((ours.elementwise as number[][])[4]![0]).toBeCloseTo(Math.log(2), 6);
    tf.dispose([x, w, xVar]);
  });

  it('multiplies by a label of 1 or 0 nowhere, forward or backward (x * 1 is x; a zero product changes no finite sum)', async () => {
    const x = tf.variable(tf.tensor2d(LOGITS));
    const multiplies = async (label: number) => {
      const profile = await tf.profile(() => void tf.tidy(() => void tf.variableGrads(() => tf.sum(bceWithLogits(x, label)) as tf.Scalar, [x])));
      return profile.kernels.filter((k) => k.name === 'Multiply').length;
    };
    // A soft label multiplies once forward and once backward, beside the backward's three
    // (exp's, abs's, relu's) and the sum's gradient's one.
    expect(await multiplies(0.9)).toBe(6);
    expect(await multiplies(1)).toBe(4);
    expect(await multiplies(0)).toBe(4);
    x.dispose();
  });

  it('runs as the taped ops inside a gradient of a gradient, where its own backward would not be taped', () => {
    const x = tf.tensor1d([-2, -0.5, 0.3, 1.5]);
    const a = tf.variable(tf.scalar(0.7));
    // d/da of the squared input gradient of sum(bce(a * x)): a second-order path through the loss.
    const secondOrder = (f: (t: tf.Tensor, y: number) => tf.Tensor) =>
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => {
          const dx = tf.grad((t: tf.Tensor) => tf.sum(f(tf.mul(t, a), 1)))(x);
          return tf.sum(tf.square(dx)) as tf.Scalar;
        }, [a]);
        return grads[a.name]!.arraySync();
      });
    expect(secondOrder(bceWithLogits)).toBe(secondOrder(reference));
    expect(secondOrder(bceWithLogits)).not.toBe(0);
    tf.dispose([x, a]);
  });

  it('says so when its backward would be taped (a loss made outside a nested gradient, differentiated inside one)', () => {
    const x = tf.variable(tf.tensor1d([0.5, -1]));
    expect(() =>
      tf.tidy(() =>
        tf.variableGrads(() => {
          const loss = bceWithLogits(x, 1);
          return tf.sum(tf.grad((t: tf.Tensor) => tf.sum(tf.mul(t, loss)))(x)) as tf.Scalar;
        }, [x]),
      ),
    ).toThrow(/cannot itself be differentiated/);
    x.dispose();
  });
});
