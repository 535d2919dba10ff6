// Leaky ReLU's and ReLU's gradients on wasm as one kernel each (src/engine/wasm/activationGrad.ts)
// against tfjs's own gradients on the cpu backend: the same float32 ops per element, so equal to
// the bit, over sizes with and without a tail of fewer than 4 lanes and the special values.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEAKY_RELU_GRAD, registerWasmActivationGradients, RELU_GRAD } from '../../../src/engine/wasm/activationGrad';
import { initNodeWasmBackend } from '../../../src/engine/wasm/node';
import { randomTensor } from './kernelCheck';

beforeAll(() => {
  initNodeWasmBackend();
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

const SPECIAL = [Number.NaN, 0, -0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e-45, -1e-45, 3.5, -2.25];

/** x and dy of `size` values: seeded, with x's and dy's special values in every pairing at the front. */
function inputs(size: number, seed: number): { x: Float32Array; dy: Float32Array } {
  const x = randomTensor([size], seed).values.map((v) => v * 4);
  const dy = randomTensor([size], seed + 1).values.map((v) => v * 3);
  for (let i = 0; i < Math.min(size, SPECIAL.length ** 2); i++) {
    x[i] = SPECIAL[i % SPECIAL.length]!;
    dy[i] = SPECIAL[Math.floor(i / SPECIAL.length)]!;
  }
  return { x, dy };
}

type Activation = (x: tf.Tensor) => tf.Tensor;
const ACTIVATIONS: [string, Activation, string][] = [
  ['leakyRelu 0.2', (x) => tf.leakyRelu(x, 0.2), LEAKY_RELU_GRAD],
  ['leakyRelu 0.01', (x) => tf.leakyRelu(x, 0.01), LEAKY_RELU_GRAD],
  ['relu', (x) => tf.relu(x), RELU_GRAD],
];

async function gradOn(backend: 'cpu' | 'wasm', f: Activation, shape: number[], seed: number) {
  await tf.setBackend(backend);
  const size = shape.reduce((a, b) => a * b, 1);
  const { x, dy } = inputs(size, seed);
  const [xt, dyt] = [tf.tensor(x, shape), tf.tensor(dy, shape)];
  const before = tf.memory().numTensors;
  let g: tf.Tensor | undefined;
  const profile = await tf.profile(() => {
    g = tf.grad(f)(xt, dyt);
    return g;
  });
  const values = Array.from(await g!.data());
  tf.dispose([xt, dyt, g!]);
  expect(tf.memory().numTensors).toBe(before - 2);
  return { values, kernels: profile.kernelNames };
}

/** Equal to the bit, but any NaN equals any NaN (tfjs's cpu and wasm's ops make NaNs differently). */
function firstDifference(a: number[], b: number[]): number {
  expect(a).toHaveLength(b.length);
  return a.findIndex((v, i) => !(Number.isNaN(v) && Number.isNaN(b[i]!)) && !Object.is(v, b[i]));
}

describe('activation gradients on wasm', () => {
  const shapes = [[1], [3], [4], [7], [9, 9], [2, 5, 5, 3], [4, 16, 16, 16]];
  it.each(ACTIVATIONS.flatMap(([name, f, kernel]) => shapes.map((shape) => [`${name}, [${shape}]`, f, kernel, shape] as const)))(
    "%s: one kernel, equal to tfjs's gradient on cpu to the bit",
    async (_, f, kernel, shape) => {
      const wasm = await gradOn('wasm', f, shape, shape.length * 7 + shape[0]!);
      const cpu = await gradOn('cpu', f, shape, shape.length * 7 + shape[0]!);
      expect(firstDifference(wasm.values, cpu.values)).toBe(-1);
      expect(wasm.kernels.filter((k) => !['LeakyRelu', 'Relu', 'Identity'].includes(k))).toEqual([kernel]);
    },
  );

  it('keeps the special values of tfjs: leaky 0.2 at NaN, 0, -0 and Inf inputs; ReLU as dy * step(x)', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor([Number.NaN, 0, -0, Number.POSITIVE_INFINITY, -1, 2]);
    const dy = tf.tensor([1, -1, Number.POSITIVE_INFINITY, 2, -0, Number.NaN]);
    const leaky = Array.from(await tf.grad((t: tf.Tensor) => tf.leakyRelu(t, 0.2))(x, dy).data());
    const relu = Array.from(await tf.grad((t: tf.Tensor) => tf.relu(t))(x, dy).data());
    // x > 0 passes dy; else dy * 0.2 (a NaN x too).
    expect(leaky).toEqual([Math.fround(0.2), -Math.fround(0.2), Number.POSITIVE_INFINITY, 2, -0, Number.NaN]);
    // step(NaN) is NaN, step(<= 0) is 0: Inf * 0 is NaN, -0 * 0 is -0.
    expect(relu).toEqual([Number.NaN, -0, Number.NaN, 2, -0, Number.NaN]);
    tf.dispose([x, dy]);
  });

  // tfjs's own ops (Greater has no gradient, so leaky ReLU's second derivative fails on cpu too).
  it.each(ACTIVATIONS)("%s: a gradient of the gradient runs tfjs's ops, as on cpu", async (_, f) => {
    const second = async (backend: 'cpu' | 'wasm') => {
      await tf.setBackend(backend);
      const x = tf.tensor([-1.5, -0.25, 0.5, 2]);
      try {
        // d/dx sum(2 f(x) f'(x)) = 2 f'(x)^2 where f'' = 0.
        const g = tf.grad((t: tf.Tensor) => tf.sum(tf.grad((u: tf.Tensor) => tf.sum(tf.square(f(u))))(t)))(x);
        const values = Array.from(await g.data());
        g.dispose();
        return values;
      } catch (error) {
        return (error as Error).message;
      } finally {
        x.dispose();
      }
    };
    const cpu = await second('cpu');
    expect(await second('wasm')).toEqual(cpu);
    if (f === ACTIVATIONS[2]![1]) expect(cpu).toEqual([0, 0, 2, 2]);
  });

  it('wraps each gradient once: a second registration changes nothing', () => {
    const before = [tf.getGradient(tf.LeakyRelu), tf.getGradient(tf.Relu)];
    expect(registerWasmActivationGradients()).toEqual([]);
    expect([tf.getGradient(tf.LeakyRelu), tf.getGradient(tf.Relu)]).toEqual(before);
  });
});
