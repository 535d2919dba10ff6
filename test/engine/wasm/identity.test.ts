// Identity on wasm (src/engine/wasm/identity.ts) shares its input's buffer, as cpu's does: the
// clone reads the same values, outlives its source, and the buffer goes when both are gone.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initNodeWasmBackend } from '../../../src/engine/wasm/node';

beforeAll(async () => {
  initNodeWasmBackend();
  await tf.setBackend('wasm');
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('Identity on wasm', () => {
  it.each([
    ['float32', [1.5, -2, 0.25, Number.NaN], [2, 2]],
    ['int32', [7, -3, 0, 2 ** 30], [4]],
    ['bool', [1, 0, 0, 1, 1], [5]],
  ] as const)('clones a %s tensor into the same buffer, which lives until both are disposed', async (dtype, values, shape) => {
    const buffers = tf.backend().numDataIds();
    const tensors = tf.memory().numTensors;
    const x = tf.tensor([...values], [...shape], dtype);
    const y = tf.clone(x);
    expect(tf.backend().numDataIds(), 'the clone shares the buffer').toBe(buffers + 1);
    expect({ shape: y.shape, dtype: y.dtype }).toEqual({ shape, dtype });
    x.dispose();
    expect(Array.from(await y.data())).toEqual(values);
    y.dispose();
    expect(tf.backend().numDataIds()).toBe(buffers);
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('clones strings as wasm did (a new tensor off the heap)', async () => {
    const x = tf.tensor(['a', 'bc'], [2], 'string');
    const y = tf.clone(x);
    x.dispose();
    expect(await y.data()).toEqual(['a', 'bc']);
    y.dispose();
  });

  it("gives the tape's saved clones back: a gradient leaves no buffer behind and equals the arithmetic", async () => {
    const x = tf.tensor([-1, 0.5, 2, -3]);
    const w = tf.tensor([1, 2, 3, 4]);
    const buffers = tf.backend().numDataIds();
    // LeakyRelu and Multiply save their inputs (clones) for the backward pass.
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.leakyRelu(t, 0.2), w)))(x);
    expect(tf.backend().numDataIds(), 'only the gradient').toBe(buffers + 1);
    // leakyRelu' is 1 above 0 and 0.2 below: 0.2 * 1, 1 * 2, 1 * 3, 0.2 * 4.
    expect(Array.from(await g.data())).toEqual([0.2, 2, 3, 0.8].map(Math.fround));
    tf.dispose([x, w, g]);
  });
});
