// This project's BatchMatMul on wasm (a transposed operand transposed first, then wasm's own
// plain product) against tfjs's cpu kernel, at every transpose combination, batch 1-3
// (broadcast too), and the dense layers' gradient shapes.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initNodeWasmBackend } from '../../../src/engine/wasm/node';
import { compare, randomTensor } from './kernelCheck';

beforeAll(() => {
  initNodeWasmBackend();
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

/** [batchA, batchB, m, k, n]: the product's sizes, each operand with its own batch. */
const SHAPES: [number, number, number, number, number][] = [
  [1, 1, 1, 1, 1],
  [1, 1, 3, 5, 2],
  [2, 2, 4, 3, 7],
  [3, 1, 2, 6, 5], // b broadcast over a's batch
  [1, 3, 5, 2, 4], // a broadcast
  [1, 1, 100, 32, 196], // DCGAN's dense layer, width 4: dW = x^T dy
  [1, 1, 32, 196, 100], // ...and dx = dy W^T
  [1, 1, 150, 8, 1], // GAN Lab's last layer
];

describe('BatchMatMul on wasm', () => {
  for (const transposeA of [false, true])
    for (const transposeB of [false, true])
      it.each(SHAPES)(`transposeA ${transposeA}, transposeB ${transposeB}: batch %i x %i, m %i k %i n %i, as cpu`, async (batchA, batchB, m, k, n) => {
        const a = randomTensor(transposeA ? [batchA, k, m] : [batchA, m, k], m * 7 + k);
        const b = randomTensor(transposeB ? [batchB, n, k] : [batchB, k, n], n * 5 + k);
        // A product is a sum of k terms: off by ~k 2^-24 of the sum of |terms| at most; a
        // wrong transpose or batch is off by ~1.
        expect(await compare(tf.BatchMatMul, { a, b }, { transposeA, transposeB })).toBeLessThan(1e-5);
      });
});
