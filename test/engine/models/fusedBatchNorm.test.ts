// The fused batch norm layer (src/engine/models/fusedBatchNorm.ts) against tfjs-layers' own
// BatchNormalization on the cpu backend: outputs and moving statistics to the bit, gradients
// within float32 rounding, over a sweep of batch, channel and spatial sizes.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { batchNormBackward } from '../../../src/engine/models/fusedBatchNorm';
import { batchNorm } from '../../../src/engine/models/layers';

/** tfjs-layers' layer exactly as layers.ts configures it, unfused. */
const plainBatchNorm = () => tf.layers.batchNormalization({ axis: -1, momentum: 0.9, epsilon: 1e-5 });

/** Frees the layers' weights (Layer.dispose refuses a layer never applied to a symbolic input). */
const free = (...layers: tf.layers.Layer[]) => layers.forEach((l) => l.weights.forEach((w) => w.dispose()));

/** Both layers built on `shape`, with the same non-trivial gamma, beta and moving statistics. */
function pair(shape: number[], seed: number) {
  const fused = batchNorm();
  const plain = plainBatchNorm();
  const c = shape.at(-1)!;
  fused.build([null, ...shape.slice(1)]);
  plain.build([null, ...shape.slice(1)]);
  const values = [
    tf.randomUniform([c], 0.5, 1.5, 'float32', seed), // gamma
    tf.randomUniform([c], -1, 1, 'float32', seed + 1), // beta
    tf.randomUniform([c], -1, 1, 'float32', seed + 2), // moving mean
    tf.randomUniform([c], 0.5, 2, 'float32', seed + 3), // moving variance
  ];
  fused.setWeights(values);
  plain.setWeights(values);
  tf.dispose(values);
  return { fused, plain };
}

interface Pass {
  y: Float32Array;
  dx: Float32Array;
  dGamma: Float32Array;
  dBeta: Float32Array;
  moving: Float32Array[];
}

/** y = layer(x), and the gradients of sum(y * w) (w random, so every output weighs differently). */
function pass(layer: tf.layers.Layer, x: tf.Tensor, w: tf.Tensor, training: boolean): Pass {
  const [gamma, beta] = layer.trainableWeights.map((v) => v.read() as tf.Variable);
  const result = tf.tidy(() => {
    let y: tf.Tensor | undefined;
    const f = (input: tf.Tensor) => {
      const out = layer.apply(input, { training }) as tf.Tensor;
      y ??= tf.keep(out.clone());
      return tf.sum(tf.mul(out, w)) as tf.Scalar;
    };
    const { grads } = tf.variableGrads(() => f(x), [gamma!, beta!]);
    // The input's gradient from a second pass; it also updates the moving statistics once more.
    const dx = tf.grad(f)(x);
    return { y: y!, dx, dGamma: grads[gamma!.name]!, dBeta: grads[beta!.name]! };
  });
  const read = (t: tf.Tensor) => t.dataSync() as Float32Array;
  const out = { y: read(result.y), dx: read(result.dx), dGamma: read(result.dGamma), dBeta: read(result.dBeta), moving: layer.getWeights().slice(2).map(read) };
  tf.dispose([result.y, result.dx, result.dGamma, result.dBeta]);
  return out;
}

const maxAbs = (values: Float32Array) => values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/** |a - b| <= 1e-4 of `scale` (float32 sums in another order), element by element. */
function expectNear(a: Float32Array, b: Float32Array, what: string, scale = maxAbs(b)) {
  let worst = 0;
  a.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - b[i]!))));
  expect(a.every(Number.isFinite), `${what}: finite`).toBe(true);
  expect(worst, `${what}: largest difference, against ${scale}`).toBeLessThanOrEqual(1e-4 * scale + 1e-6);
}

describe('fused batch norm', () => {
  const images = [1, 2, 8].flatMap((n) => [1, 3, 64].flatMap((c) => [1, 5, 32].map((s) => [n, s, s, c])));
  const vectors = [1, 2, 8].flatMap((n) => [1, 7, 64].map((c) => [n, c]));
  const shapes = [...images, ...vectors].map((shape) => [shape.join('x'), shape] as const);

  it.each(shapes)('%s: training mode gives tfjs-layers\' outputs and moving statistics to the bit, and its gradients', (_, shape) => {
    const { fused, plain } = pair(shape, 3);
    const x = tf.tidy(() => tf.add(tf.mul(tf.randomNormal(shape, 0, 1, 'float32', 5), 3), 0.7));
    const w = tf.randomUniform(shape, -1, 1, 'float32', 6);
    const before = tf.memory().numTensors;
    const ours = pass(fused, x, w, true);
    expect(tf.memory().numTensors, 'tensors left behind').toBe(before);
    const theirs = pass(plain, x, w, true);
    expect(ours.y).toEqual(theirs.y);
    expect(ours.moving).toEqual(theirs.moving);
    // dx's terms are dy * gamma / sqrt(var + eps) and two corrections that can cancel it: with
    // one value per channel it is 0, which ours gives exactly and tfjs-layers' ops to ~1e-5.
    const largestTerm = tf.tidy(() => {
      const { variance } = tf.moments(x, shape.slice(0, -1).map((_, i) => i));
      return maxAbs(tf.div(tf.mul(tf.max(tf.abs(w)), fused.getWeights()[0]!), tf.sqrt(tf.add(variance, 1e-5))).dataSync() as Float32Array);
    });
    expectNear(ours.dx, theirs.dx, 'dx', largestTerm);
    expectNear(ours.dGamma, theirs.dGamma, 'dgamma');
    expectNear(ours.dBeta, theirs.dBeta, 'dbeta');
    tf.dispose([x, w]);
    free(fused, plain);
  });

  it.each(shapes.filter((_, i) => i % 4 === 0))('%s: inference mode is the layer\'s own (moving statistics read, not updated)', (_, shape) => {
    const { fused, plain } = pair(shape, 8);
    const x = tf.randomNormal(shape, 0, 2, 'float32', 9);
    const w = tf.randomUniform(shape, -1, 1, 'float32', 10);
    const ours = pass(fused, x, w, false);
    const theirs = pass(plain, x, w, false);
    expect(ours).toEqual(theirs);
    tf.dispose([x, w]);
    free(fused, plain);
  });

  it('has the closed-form gradient, worked by hand on three values', () => {
    // One channel, x = [0, 1, 5]: mean 2, biased variance (4 + 1 + 9) / 3 = 14 / 3, s = sqrt(14 / 3),
    // xHat = [-2, -1, 3] / s; gamma 2, eps 0, dy = [1, 0, 0]. dbeta = 1; dgamma = xHat[0];
    // dx = (2 / s) * (dy - 1 / 3 - xHat * xHat[0] / 3).
    const [dx, dGamma, dBeta] = tf.tidy(() =>
      batchNormBackward(tf.tensor2d([1, 0, 0], [3, 1]), tf.tensor2d([0, 1, 5], [3, 1]), tf.tensor1d([2]), tf.tensor1d([2]), tf.tensor1d([14 / 3]), 0).map((t) =>
        Array.from(t.dataSync()),
      ),
    );
    const s = Math.sqrt(14 / 3);
    const xHat = [-2 / s, -1 / s, 3 / s];
    expect(dBeta).toEqual([1]);
    expect(dGamma![0]).toBeCloseTo(xHat[0]!, 6);
    const expected = xHat.map((h, i) => (2 / s) * ((i === 0 ? 1 : 0) - 1 / 3 - (h * xHat[0]!) / 3));
    dx!.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
  });

  it('keeps the layer\'s class name, weights and config', () => {
    const fused = batchNorm();
    const plain = plainBatchNorm();
    fused.build([null, 4, 4, 3]);
    plain.build([null, 4, 4, 3]);
    expect(fused.getClassName()).toBe('BatchNormalization');
    expect(fused.weights.map((w) => w.name.split('/').at(-1)!.replace(/_\d+$/, ''))).toEqual(plain.weights.map((w) => w.name.split('/').at(-1)!.replace(/_\d+$/, '')));
    const { name: _a, ...ours } = fused.getConfig();
    const { name: _b, ...theirs } = plain.getConfig();
    expect(ours).toEqual(theirs);
    free(fused, plain);
  });
});
