// The fused Adam update (src/engine/fusedAdam.ts, one wasm kernel per variable) against
// tfjs's own AdamOptimizer on wasm: the same arithmetic op for op, so the same weights and
// moments to the bit, over shapes from a scalar to a large conv kernel and several settings.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FusedAdamOptimizer } from '../../../src/engine/fusedAdam';
import { buildOptimizer } from '../../../src/engine/optimizers';
import { initNodeWasmBackend } from '../../../src/engine/wasm/node';
import { ADAM_UPDATE } from '../../../src/engine/wasm/adamUpdate';
import { randomTensor } from './kernelCheck';

beforeAll(async () => {
  initNodeWasmBackend();
  await tf.setBackend('wasm');
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

type Grads = Parameters<tf.AdamOptimizer['applyGradients']>[0];

const SHAPES = [[], [1], [7], [3, 5], [4, 4, 3, 16], [4, 4, 32, 64]];

interface Run {
  weights: Float32Array[];
  state: Float32Array[];
}

/** `steps` updates of variables of SHAPES with seeded gradients (some steps scaled up, some tiny), read back. */
async function run(make: () => tf.AdamOptimizer, steps: number, list: boolean): Promise<Run> {
  const tensorsBefore = tf.memory().numTensors;
  const optimizer = make();
  const vars = tf.tidy(() => SHAPES.map((shape, i) => tf.variable(tf.tensor(randomTensor(shape, i + 1).values, shape), true, `fusedAdamTest${list}${i}`)));
  for (let s = 0; s < steps; s++) {
    // Gradients from 1e-30 (below float32's normal range once squared) to 1e3.
    const scale = [1, 1e3, 1e-3, 1e-30][s % 4]!;
    const grads = SHAPES.map((shape, i) => tf.tensor(randomTensor(shape, 100 * s + i).values.map((x) => x * scale), shape));
    optimizer.applyGradients(list ? vars.map((v, i) => ({ name: v.name, tensor: grads[i]! })) : (Object.fromEntries(vars.map((v, i) => [v.name, grads[i]!])) as Grads));
    tf.dispose(grads);
  }
  const weights = await Promise.all(vars.map(async (v) => (await v.data()) as Float32Array));
  const saved = await optimizer.getWeights();
  const state = await Promise.all(saved.map(async (w) => (await w.tensor.data()) as Float32Array));
  saved[0]!.tensor.dispose(); // the iteration count, made by getWeights
  optimizer.dispose();
  tf.dispose(vars);
  expect(tf.memory().numTensors).toBe(tensorsBefore);
  return { weights, state };
}

const bits = (arrays: Float32Array[]) => arrays.map((a) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length)));

describe('FusedAdamOptimizer on wasm', () => {
  it('runs one fused kernel per variable on wasm, in place of the element-wise chain', async () => {
    expect(tf.getKernel(ADAM_UPDATE, 'wasm')).toBeDefined();
    expect(tf.getKernel(ADAM_UPDATE, 'cpu')).toBeUndefined();
    const vars = tf.tidy(() => [tf.variable(tf.ones([5]), true, 'fusedAdamTestK0'), tf.variable(tf.ones([2, 3]), true, 'fusedAdamTestK1')]);
    const optimizer = new FusedAdamOptimizer(1e-3, 0.9, 0.999);
    const grads = vars.map((v) => tf.onesLike(v));
    const { kernels } = await tf.profile(() => optimizer.applyGradients(vars.map((v, i) => ({ name: v.name, tensor: grads[i]! }))));
    const names = kernels.map((k) => k.name);
    expect(names.filter((k) => k === ADAM_UPDATE)).toHaveLength(2);
    expect(names).not.toContain('Sqrt');
    tf.dispose([...vars, ...grads]);
    optimizer.dispose();
  });

  for (const [lr, b1, b2, eps] of [
    [2e-4, 0.5, 0.999, undefined],
    [1e-2, 0.9, 0.99, 1e-8],
    [0.1, 0, 0.5, 1e-3],
  ] as const) {
    for (const list of [false, true]) {
      it(`equals tfjs's Adam to the bit: lr ${lr}, beta1 ${b1}, beta2 ${b2}, epsilon ${eps ?? 'default'}, gradients as ${list ? 'a list' : 'a map'}`, async () => {
        const fused = await run(() => new FusedAdamOptimizer(lr, b1, b2, eps), 9, list);
        const plain = await run(() => tf.train.adam(lr, b1, b2, eps), 9, list);
        expect(bits(fused.weights)).toEqual(bits(plain.weights));
        expect(bits(fused.state)).toEqual(bits(plain.state));
        // The test would pass on two no-op optimizers: the weights moved.
        expect(fused.weights[2]![0]).not.toBe(randomTensor([7], 3).values[0]);
      });
    }
  }

  it("is what buildOptimizer makes for 'adam', under tfjs's name (checkpoints store it)", () => {
    const optimizer = buildOptimizer({ type: 'adam', learningRate: 1e-3 });
    expect(optimizer).toBeInstanceOf(FusedAdamOptimizer);
    expect(optimizer.getClassName()).toBe('Adam');
    optimizer.dispose();
  });

  it('falls back to tfjs ops on a backend without the kernel (cpu), with the same result', async () => {
    const onWasm = await run(() => new FusedAdamOptimizer(1e-2, 0.9, 0.999, 1e-7), 3, false);
    await tf.setBackend('cpu');
    try {
      const onCpu = await run(() => new FusedAdamOptimizer(1e-2, 0.9, 0.999, 1e-7), 3, false);
      onCpu.weights.forEach((w, i) => w.forEach((x, j) => expect(x).toBeCloseTo(onWasm.weights[i]![j]!, 6)));
    } finally {
      await tf.setBackend('wasm');
    }
  });

  it('refuses a gradient whose shape is not its variable', () => {
    const v = tf.variable(tf.zeros([3]), true, 'fusedAdamTestShape');
    const optimizer = new FusedAdamOptimizer(1e-3, 0.9, 0.999);
    expect(() => optimizer.applyGradients({ [v.name]: tf.zeros([4]) } as Grads)).toThrow(/grad has shape \[4\], the variable \[3\]/);
    optimizer.dispose();
    v.dispose();
  });
});
