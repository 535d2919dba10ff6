// The batch norm kernels on wasm (src/engine/wasm/batchNorm.ts) against the same formulas as
// tfjs ops on the cpu backend (tf.moments; fusedBatchNorm.ts's batchNormBackward), over a
// sweep of batch, channel and spatial sizes; and the fused layer on wasm against tfjs-layers'.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchNormBackward } from '../../../src/engine/models/fusedBatchNorm';
import { batchNorm } from '../../../src/engine/models/layers';
import { BATCH_NORM_GRAD, BATCH_NORM_MOMENTS } from '../../../src/engine/wasm/batchNorm';
import { initNodeWasmBackend } from '../../../src/engine/wasm/node';
import { randomTensor } from './kernelCheck';

beforeAll(() => {
  initNodeWasmBackend();
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

/** Seeded values with a mean and spread per channel unlike 0 and 1 (x * 3 + 0.7 + channel / c). */
function input(shape: number[], seed: number): Float32Array {
  const c = shape.at(-1)!;
  return randomTensor(shape, seed).values.map((v, i) => v * 3 + 0.7 + (i % c) / c);
}

type Values = Float32Array[];

/** The kernels' results (mean, variance, dx, dgamma, dbeta) on `backend`: wasm runs the kernels, cpu the ops. */
async function run(backend: 'cpu' | 'wasm', shape: number[], seed: number): Promise<Values> {
  await tf.setBackend(backend);
  const c = shape.at(-1)!;
  const before = tf.memory().numTensors;
  const buffers = tf.backend().numDataIds();
  const outs = tf.tidy(() => {
    const x = tf.tensor(input(shape, seed), shape);
    const dy = tf.tensor(randomTensor(shape, seed + 1).values, shape);
    const gamma = tf.tensor(randomTensor([c], seed + 2).values.map((v) => v + 1.5), [c]);
    if (backend === 'cpu') {
      const { mean, variance } = tf.moments(x, shape.slice(0, -1).map((_, i) => i));
      // dx's largest term, dy * gamma / sqrt(var + eps): dx itself is the rounding of a cancellation where the spread is pinned (2 values a channel).
      const dxScale = tf.mul(tf.max(tf.abs(dy)), tf.max(tf.abs(tf.mul(gamma, tf.rsqrt(tf.add(variance, 1e-5))))));
      return [mean, variance, ...batchNormBackward(dy, x, gamma, mean, variance, 1e-5), dxScale];
    }
    const [mean, variance] = tf.engine().runKernel(BATCH_NORM_MOMENTS, { x }, {}) as tf.Tensor[];
    const grads = tf.engine().runKernel(BATCH_NORM_GRAD, { dy, x, gamma, mean: mean!, variance: variance! }, { epsilon: 1e-5 }) as tf.Tensor[];
    return [mean!, variance!, ...grads];
  });
  const values = await Promise.all(outs.map(async (t) => (await t.data()) as Float32Array));
  tf.dispose(outs);
  expect(tf.memory().numTensors, 'tensors left behind').toBe(before);
  expect(tf.backend().numDataIds(), 'buffers left behind').toBe(buffers);
  return values;
}

const maxAbs = (values: Float32Array) => values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

describe('batch norm kernels on wasm', () => {
  const shapes = [1, 2, 8].flatMap((n) => [4, 8, 64].flatMap((c) => [1, 3, 32].map((s) => [n, s, s, c])));
  const cases = [...shapes, [1, 4], [3, 16], [8, 64]].map((shape) => [shape.join('x'), shape] as const);

  it.each(cases)('%s: the moments and gradients of the formulas as cpu ops, within float32 rounding', async (_, shape) => {
    const [ours, theirs] = [await run('wasm', shape, 3), await run('cpu', shape, 3)];
    const names = ['mean', 'variance', 'dx', 'dgamma', 'dbeta'];
    // float32 sums of up to 8 * 32 * 32 terms in another order (tfjs's cpu sums in float32 too):
    // off by a few 1e-6 of the values' scale; a wrong term or index is off by whole units.
    ours.forEach((values, k) => {
      const scale = k === 2 ? theirs[5]![0]! : maxAbs(theirs[k]!) || 1;
      let worst = 0;
      values.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - theirs[k]![i]!))));
      expect(worst / scale, names[k]).toBeLessThan(2e-5);
    });
  });

  it.each([
    ['2x4x4x8, momentum 0.9', [2, 4, 4, 8], 0.9],
    ['8x64, momentum 0.99', [8, 64], 0.99],
    ['1x1x1x4, momentum 0.5', [1, 1, 1, 4], 0.5],
    ['4x3x3x16, momentum 0', [4, 3, 3, 16], 0],
    ['4x3x3x16, momentum 1', [4, 3, 3, 16], 1],
  ] as const)("%s: the moving statistics moved as tfjs-layers' ops move them, to the bit", async (_, shape, momentum) => {
    await tf.setBackend('wasm');
    const c = shape.at(-1)!;
    const before = tf.memory().numTensors;
    const [kernel, ops, old] = tf.tidy(() => {
      const x = tf.tensor(input([...shape], 9), [...shape]);
      const movingMean = tf.tensor(randomTensor([c], 10).values, [c]);
      const movingVariance = tf.tensor(randomTensor([c], 11).values.map((v) => v + 1.2), [c]);
      const outs = tf.engine().runKernel(BATCH_NORM_MOMENTS, { x, movingMean, movingVariance }, { momentum }) as tf.Tensor[];
      // tfjs-layers' update (batch_normalization.ts), on the kernel's own batch moments.
      const update = (orig: tf.Tensor, value: tf.Tensor) => tf.sub(orig, tf.mul(tf.sub(orig, value), 1 - momentum));
      return [outs, [update(movingMean, outs[0]!), update(movingVariance, outs[1]!)], [movingMean, movingVariance]];
    });
    expect(kernel).toHaveLength(4);
    const read = (ts: tf.Tensor[]) => Promise.all(ts.map(async (t) => Array.from(await t.data())));
    const [ours, theirs] = [await read(kernel!.slice(2)), await read(ops!)];
    expect(ours).toEqual(theirs);
    // Momentum 1 keeps the old statistics (orig - (orig - batch) * 0); any other moves them.
    if (momentum === 1) expect(ours).toEqual(await read(old!));
    else expect(ours[0]).not.toEqual((await read(old!))[0]);
    tf.dispose([...kernel!, ...ops!, ...old!]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("the fused layer's training call on wasm moves its statistics as tfjs-layers' ops would on the batch's moments, to the bit", async () => {
    await tf.setBackend('wasm');
    const shape = [4, 8, 8, 16];
    const layer = batchNorm();
    layer.build([null, ...shape.slice(1)]);
    const x = tf.tensor(input(shape, 12), shape);
    // Moving statistics away from their initial 0 and 1, so a swapped or skipped update shows.
    tf.tidy(() => layer.setWeights([...layer.getWeights().slice(0, 2), tf.tensor(randomTensor([16], 13).values, [16]), tf.tensor(randomTensor([16], 14).values.map((v) => v + 2), [16])]));
    const expected = tf.tidy(() => {
      const [mean, variance] = tf.engine().runKernel(BATCH_NORM_MOMENTS, { x }, {}) as tf.Tensor[];
      const [mm, mv] = layer.getWeights().slice(2);
      return [tf.sub(mm!, tf.mul(tf.sub(mm!, mean!), 1 - 0.9)), tf.sub(mv!, tf.mul(tf.sub(mv!, variance!), 1 - 0.9))];
    });
    tf.tidy(() => {
      layer.apply(x, { training: true });
    });
    const read = (ts: tf.Tensor[]) => Promise.all(ts.map(async (t) => Array.from(await t.data())));
    expect(await read(layer.getWeights().slice(2))).toEqual(await read(expected));
    tf.dispose([x, ...expected]);
    layer.weights.forEach((v) => v.dispose());
  });

  it('refuses channels that are not whole SIMD lanes, naming the kernel and the shape', async () => {
    await tf.setBackend('wasm');
    const x = tf.zeros([2, 3]);
    expect(() => tf.engine().runKernel(BATCH_NORM_MOMENTS, { x }, {})).toThrow(/GanBatchNormMoments: x has shape \[2,3\]/);
    x.dispose();
  });

  it.each([
    ['4x8x8x32 (the kernels)', [4, 8, 8, 32]],
    ['2x5x5x3 (tfjs ops: 3 channels)', [2, 5, 5, 3]],
  ] as const)('the fused layer on wasm, %s: the outputs, moving statistics and gradients of tfjs-layers\' layer', async (_, shape) => {
    await tf.setBackend('wasm');
    const layers = [batchNorm(), tf.layers.batchNormalization({ axis: -1, momentum: 0.9, epsilon: 1e-5 })];
    const x = tf.tensor(input([...shape], 5), [...shape]);
    const w = tf.tensor(randomTensor([...shape], 6).values, [...shape]);
    const results = layers.map((layer) => {
      layer.build([null, ...shape.slice(1)]);
      const vars = layer.trainableWeights.map((v) => v.read() as tf.Variable);
      const out = tf.tidy(() => {
        const f = (t: tf.Tensor) => tf.sum(tf.mul(layer.apply(t, { training: true }) as tf.Tensor, w)) as tf.Scalar;
        const { grads } = tf.variableGrads(() => f(x), vars);
        return [layer.apply(x, { training: true }) as tf.Tensor, tf.grad(f)(x), ...vars.map((v) => grads[v.name]!)];
      });
      const values = [...out, ...layer.getWeights().slice(2)].map((t) => t.dataSync() as Float32Array);
      tf.dispose(out);
      layer.weights.forEach((v) => v.dispose());
      return values;
    });
    tf.dispose([x, w]);
    const [ours, theirs] = results as [Values, Values];
    ours.forEach((values, k) => {
      const scale = maxAbs(theirs[k]!) || 1;
      values.forEach((v, i) => expect(Math.abs(v - theirs[k]![i]!) / scale, `output ${k} [${i}]`).toBeLessThan(2e-5));
    });
  });
});
