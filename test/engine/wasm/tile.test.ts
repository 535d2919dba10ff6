// This project's Tile on wasm (block copies on the heap) against tfjs's cpu kernel: a copy,
// so the values must be equal, for every rank tfjs tiles, every dtype with a heap view, and
// batch norm's own uses.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initNodeWasmBackend } from '../../../src/engine/wasm/node';

beforeAll(() => {
  initNodeWasmBackend();
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

async function tileOn(backend: 'cpu' | 'wasm', values: number[], shape: number[], dtype: 'float32' | 'int32' | 'bool', reps: number[]) {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const x = tf.tensor(values, shape, dtype);
  const out = tf.engine().runKernel(tf.Tile, { x }, { reps }) as tf.Tensor;
  const result = { shape: out.shape, dtype: out.dtype, values: Array.from(await out.data()) };
  tf.dispose([x, out]);
  expect(tf.memory().numTensors).toBe(before);
  return result;
}

const cases: [number[], number[]][] = [
  [[5], [3]],
  [[5], [1]],
  [[2, 3], [2, 1]],
  [[2, 3], [1, 4]],
  [[2, 3], [3, 2]],
  [[1, 1, 1, 32], [32, 14, 14, 1]], // batch norm's backward pass at DCGAN's 14 x 14 layer
  [[1, 1, 1, 3136], [1, 1, 32, 1]], // ...and its dense layer, seen as 4-D
  [[2, 1, 3, 2], [2, 3, 1, 2]],
  [[3, 2, 1, 2, 2], [1, 2, 3, 1, 2]],
  [[2, 3, 1, 1, 2, 1], [2, 1, 2, 3, 1, 2]],
  [[2, 3], [0, 2]], // nothing to copy
  [[0, 3], [2, 2]],
];

describe('Tile on wasm', () => {
  it.each(cases.flatMap(([shape, reps]) => (['float32', 'int32', 'bool'] as const).map((dtype) => [JSON.stringify({ shape, reps, dtype }), shape, reps, dtype] as const)))(
    'matches the cpu kernel: %s',
    async (_, shape, reps, dtype) => {
      const size = shape.reduce((a, b) => a * b, 1);
      const values = Array.from({ length: size }, (_, i) => (dtype === 'bool' ? i % 3 === 0 : dtype === 'int32' ? i * 7 - 20 : i * 0.37 - 1.5)).map(Number);
      const wasm = await tileOn('wasm', values, shape, dtype, reps);
      const cpu = await tileOn('cpu', values, shape, dtype, reps);
      expect({ shape: wasm.shape, dtype: wasm.dtype }).toEqual({ shape: cpu.shape, dtype: cpu.dtype });
      expect(wasm.shape).toEqual(shape.map((d, i) => d * reps[i]!));
      // The first differing index, not the arrays: a failing diff of 200,000 values takes minutes.
      expect(wasm.values.findIndex((v, i) => v !== cpu.values[i])).toBe(-1);
    },
  );

  it('refuses strings with a message (tfjs-wasm own Tile aborts the module on them)', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor(['a', 'b'], [2], 'string');
    expect(() => tf.tile(x, [2])).toThrow('Tile on wasm: string tensors are not supported (tensor of shape [2])');
    x.dispose();
    // The module still works.
    const y = tf.tile(tf.tensor([1, 2]), [2]);
    expect(Array.from(await y.data())).toEqual([1, 2, 1, 2]);
    y.dispose();
  });

  it("gives batch norm's gradients as on cpu", async () => {
    const grads = async (backend: 'cpu' | 'wasm') => {
      await tf.setBackend(backend);
      const x = tf.tensor4d(Array.from({ length: 2 * 3 * 3 * 4 }, (_, i) => Math.sin(i)), [2, 3, 3, 4]);
      const [mean, variance] = [tf.tensor1d([0.1, -0.2, 0.3, 0]), tf.tensor1d([1, 2, 0.5, 1.5])];
      const [offset, scale] = [tf.tensor1d([0, 1, -1, 0.5]), tf.tensor1d([1, 0.5, 2, -1])];
      const g = tf.grads((a: tf.Tensor, s: tf.Tensor, o: tf.Tensor) => tf.sum(tf.square(tf.batchNorm(a, mean, variance, o, s, 1e-3))))([x, scale, offset]);
      const out = await Promise.all(g.map((t) => t.data()));
      tf.dispose([x, mean, variance, offset, scale, ...g]);
      return out.map((v) => Array.from(v));
    };
    const [wasm, cpu] = [await grads('wasm'), await grads('cpu')];
    wasm.forEach((g, i) => g.forEach((v, j) => expect(v).toBeCloseTo(cpu[i]![j]!, 4)));
  });
});
