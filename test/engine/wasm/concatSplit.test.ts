// Concat and SplitV on wasm as row copies (src/engine/wasm/concatSplit.ts) against tfjs's cpu
// kernels: copies, so equal values, over ranks 1-4, every axis (negative too), 1-byte and 4-byte
// dtypes with widths that leave a tail of a 16-byte block, empty parts, and pix2pix's skip joins.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initNodeWasmBackend } from '../../../src/engine/wasm/node';

beforeAll(() => {
  initNodeWasmBackend();
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

type DType = 'float32' | 'int32' | 'bool';
const DTYPES: DType[] = ['float32', 'int32', 'bool'];

function values(shape: number[], dtype: DType, seed: number): number[] {
  const n = shape.reduce((a, b) => a * b, 1);
  return Array.from({ length: n }, (_, i) => (dtype === 'bool' ? Number((i * 7 + seed) % 3 === 0) : dtype === 'int32' ? i * 13 - seed * 101 : i * 0.37 - seed - 0.5));
}

/** Runs `body` on `backend` and reads each result back; checks that nothing was left behind. */
async function on(backend: 'cpu' | 'wasm', body: () => tf.Tensor[]) {
  await tf.setBackend(backend);
  const [tensors, buffers] = [tf.memory().numTensors, tf.backend().numDataIds()];
  const outs = body();
  const read = await Promise.all(outs.map(async (t) => ({ shape: t.shape, dtype: t.dtype, values: Array.from(await t.data()) })));
  tf.dispose(outs);
  expect(tf.memory().numTensors).toBe(tensors);
  expect(tf.backend().numDataIds()).toBe(buffers);
  return read;
}

/** Shapes of the parts and the axis: a part's size along the axis is given, the rest shared. */
const CONCATS: [number[], number[], number][] = [
  [[5], [3, 2, 4], 0],
  [[2, 3], [1, 4], 1],
  [[2, 3], [1, 4], -1],
  [[2, 3], [2, 1, 3], 0],
  [[3, 5, 7], [2, 5], 1],
  [[3, 5, 7], [1, 2, 3], 2],
  [[4, 8, 8, 16], [16, 16], 3], // pix2pix 32's skip join at 8 x 8
  [[4, 16, 16, 8], [8, 8], -1],
  [[2, 3, 3, 5], [5, 0, 3], 3], // an empty part
  [[2, 3, 3, 5], [0, 5], 3], // one part left: wasm's own kernel
  [[1, 1, 1, 1], [1, 1, 1], 3],
];

const partShape = (shape: number[], axis: number, size: number) => {
  const a = axis < 0 ? shape.length + axis : axis;
  return shape.map((d, i) => (i === a ? size : d));
};

describe('Concat on wasm', () => {
  it.each(CONCATS.flatMap(([shape, sizes, axis]) => DTYPES.map((dtype) => [JSON.stringify({ shape, sizes, axis, dtype }), shape, sizes, axis, dtype] as const)))(
    "equals cpu's: %s",
    async (_, shape, sizes, axis, dtype) => {
      const run = (backend: 'cpu' | 'wasm') =>
        on(backend, () => {
          const parts = sizes.map((s, k) => tf.tensor(values(partShape(shape, axis, s), dtype, k), partShape(shape, axis, s), dtype));
          const out = tf.concat(parts, axis);
          tf.dispose(parts);
          return [out];
        });
      const [wasm, cpu] = [await run('wasm'), await run('cpu')];
      expect(wasm).toEqual(cpu);
      expect(wasm[0]!.values).toHaveLength(partShape(shape, axis, sizes.reduce((a, b) => a + b, 0)).reduce((a, b) => a * b, 1));
    },
  );

  it('joins strings with wasm\'s own kernel', async () => {
    const out = await on('wasm', () => {
      const parts = [tf.tensor(['a', 'b'], [2, 1], 'string'), tf.tensor(['c', 'd'], [2, 1], 'string')];
      const joined = tf.concat(parts, 1);
      tf.dispose(parts);
      return [joined];
    });
    expect(out[0]!.values).toEqual(['a', 'c', 'b', 'd']);
  });
});

describe('SplitV on wasm', () => {
  const SPLITS: [number[], number[] | number, number][] = [
    [[10], [3, 2, 5], 0],
    [[4, 6], [1, -1, 2], 1],
    [[4, 6], 2, -1],
    [[4, 6], [4, 0], 0],
    [[3, 5, 7], [2, 5], 2],
    [[4, 8, 8, 32], [16, 16], 3], // the skip join's gradient
    [[2, 3, 3, 5], [1, 1, 3], 3],
    [[0, 3], [1, 2], 1], // nothing to copy
  ];
  it.each(SPLITS.flatMap(([shape, sizes, axis]) => DTYPES.map((dtype) => [JSON.stringify({ shape, sizes, axis, dtype }), shape, sizes, axis, dtype] as const)))(
    "equals cpu's: %s",
    async (_, shape, sizes, axis, dtype) => {
      const run = (backend: 'cpu' | 'wasm') =>
        on(backend, () => {
          const x = tf.tensor(values(shape, dtype, 1), shape, dtype);
          const outs = tf.split(x, sizes, axis);
          x.dispose();
          return outs;
        });
      expect(await run('wasm')).toEqual(await run('cpu'));
    },
  );

  it("differentiates the skip join as cpu does (Concat's gradient is SplitV)", async () => {
    const grads = (backend: 'cpu' | 'wasm') =>
      on(backend, () => {
        const [a, b] = [tf.tensor(values([2, 4, 4, 8], 'float32', 2), [2, 4, 4, 8]), tf.tensor(values([2, 4, 4, 12], 'float32', 3), [2, 4, 4, 12])];
        const w = tf.tensor(values([2, 4, 4, 20], 'float32', 4), [2, 4, 4, 20]);
        const g = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.concat([x, y], -1), w)))([a, b]);
        tf.dispose([a, b, w]);
        return g;
      });
    const [wasm, cpu] = [await grads('wasm'), await grads('cpu')];
    expect(wasm).toEqual(cpu);
    expect(wasm.map((g) => g.shape)).toEqual([
      [2, 4, 4, 8],
      [2, 4, 4, 12],
    ]);
  });
});
