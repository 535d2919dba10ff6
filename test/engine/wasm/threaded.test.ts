// The threaded SIMD binary in Node (worker_threads): it starts with the threads asked for, even
// on a machine with 2 cores (tfjs's C++ would cap it at cores / 2), and the conv kernels the
// models train with give the cpu backend's results on it, threads splitting the work.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initNodeWasmBackend } from '../../../src/engine/wasm/node';
import { describeWasmBackend } from '../../../src/engine/wasm/setup';
import { FusedAdamOptimizer } from '../../../src/engine/fusedAdam';
import { adamFunction } from '../../../src/engine/wasm/adamUpdate';
import { BATCH_NORM_GRAD, BATCH_NORM_MOMENTS, batchNormFunctions } from '../../../src/engine/wasm/batchNorm';
import { batchNormBackward } from '../../../src/engine/models/fusedBatchNorm';
import { activationGradFunctions } from '../../../src/engine/wasm/activationGrad';
import { copyRowsFunction } from '../../../src/engine/wasm/concatSplit';
import { compare, convOutShape, randomTensor } from './kernelCheck';

const THREADS = 3;

beforeAll(async () => {
  initNodeWasmBackend(THREADS);
  await tf.setBackend('wasm');
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('the threaded wasm backend in Node', () => {
  it('runs the threaded SIMD binary with the threads asked for', () => {
    expect(describeWasmBackend()).toBe(`threaded SIMD, ${THREADS} threads`);
  });

  // DCGAN-28's and pix2pix's larger layers at batch 8: big enough that XNNPACK splits them.
  it.each([
    ['Conv2D', { x: [8, 14, 14, 32], filter: [4, 4, 32, 64], strides: 2, pad: 'same' }],
    ['Conv2DBackpropInput', { x: [8, 14, 14, 32], filter: [4, 4, 32, 64], strides: 2, pad: 'same' }],
    ['Conv2DBackpropFilter', { x: [8, 16, 16, 16], filter: [4, 4, 16, 32], strides: 2, pad: 1 }],
  ] as const)('%s gives cpu\'s results', async (kernel, c) => {
    const dyShape = convOutShape([...c.x], [...c.filter], c.strides, c.pad);
    const x = randomTensor([...c.x], 1);
    const filter = randomTensor([...c.filter], 2);
    const dy = randomTensor(dyShape, 3);
    const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', dilations: 1 };
    const error =
      kernel === 'Conv2D'
        ? await compare(tf.Conv2D, { x, filter }, attrs)
        : kernel === 'Conv2DBackpropInput'
          ? await compare(tf.Conv2DBackpropInput, { dy, filter }, { ...attrs, inputShape: c.x })
          : await compare(tf.Conv2DBackpropFilter, { x, dy }, { ...attrs, filterShape: c.filter });
    // A wrong tap or a thread's block left out is off by ~1e-2; float32 rounding ~1e-7.
    expect(error).toBeLessThan(1e-5);
  });

  it("runs the fused Adam update on the threaded build's shared memory, equal to tfjs's Adam to the bit", async () => {
    await tf.setBackend('wasm'); // compare() leaves cpu current
    expect(adamFunction(tf.backend())).not.toBeNull();
    const update = async (optimizer: tf.Optimizer, name: string) => {
      const w = tf.tidy(() => tf.variable(tf.tensor(randomTensor([4, 4, 16, 32], 4).values, [4, 4, 16, 32]), true, name));
      const g = tf.tensor(randomTensor([4, 4, 16, 32], 5).values, [4, 4, 16, 32]);
      for (let i = 0; i < 3; i++) optimizer.applyGradients([{ name, tensor: g }]);
      const values = (await w.data()) as Float32Array;
      tf.dispose([w, g]);
      optimizer.dispose();
      return Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length));
    };
    expect(await update(new FusedAdamOptimizer(1e-2, 0.5, 0.999), 'threadedFusedAdam')).toEqual(await update(tf.train.adam(1e-2, 0.5, 0.999), 'threadedAdam'));
  });

  it("runs the batch norm kernels on the threaded build's shared memory, as the formulas on cpu", async () => {
    await tf.setBackend('wasm');
    expect(batchNormFunctions(tf.backend())).not.toBeNull();
    const shape = [4, 8, 8, 32];
    const run = async (backend: 'cpu' | 'wasm') => {
      await tf.setBackend(backend);
      const outs = tf.tidy(() => {
        const x = tf.tensor(randomTensor(shape, 6).values, shape);
        const dy = tf.tensor(randomTensor(shape, 7).values, shape);
        const gamma = tf.tensor(randomTensor([32], 8).values, [32]);
        if (backend === 'cpu') {
          const { mean, variance } = tf.moments(x, [0, 1, 2]);
          return [mean, variance, ...batchNormBackward(dy, x, gamma, mean, variance, 1e-5)];
        }
        const [mean, variance] = tf.engine().runKernel(BATCH_NORM_MOMENTS, { x }, {}) as tf.Tensor[];
        return [mean!, variance!, ...(tf.engine().runKernel(BATCH_NORM_GRAD, { dy, x, gamma, mean: mean!, variance: variance! }, { epsilon: 1e-5 }) as tf.Tensor[])];
      });
      const values = await Promise.all(outs.map(async (t) => Array.from((await t.data()) as Float32Array)));
      tf.dispose(outs);
      return values;
    };
    const [ours, theirs] = [await run('wasm'), await run('cpu')];
    ours.forEach((values, k) => {
      const scale = Math.max(...theirs[k]!.map(Math.abs));
      values.forEach((v, i) => expect(Math.abs(v - theirs[k]![i]!) / scale, `output ${k} [${i}]`).toBeLessThan(2e-5));
    });
  });

  it("runs the leaky ReLU and ReLU gradient kernels on the threaded build's shared memory, as tfjs's gradients on cpu", async () => {
    await tf.setBackend('wasm');
    expect(activationGradFunctions(tf.backend())).not.toBeNull();
    const shape = [4, 8, 8, 16];
    const run = async (backend: 'cpu' | 'wasm') => {
      await tf.setBackend(backend);
      const x = tf.tensor(randomTensor(shape, 9).values, shape);
      const dy = tf.tensor(randomTensor(shape, 10).values, shape);
      const grads = [tf.grad((t: tf.Tensor) => tf.leakyRelu(t, 0.2))(x, dy), tf.grad((t: tf.Tensor) => tf.relu(t))(x, dy)];
      const values = await Promise.all(grads.map(async (t) => Array.from(await t.data())));
      tf.dispose([x, dy, ...grads]);
      return values;
    };
    expect(await run('wasm')).toEqual(await run('cpu'));
  });

  it("runs Concat and SplitV's row copies on the threaded build's shared memory, as cpu", async () => {
    await tf.setBackend('wasm');
    expect(copyRowsFunction(tf.backend())).not.toBeNull();
    const run = async (backend: 'cpu' | 'wasm') => {
      await tf.setBackend(backend);
      const [a, b] = [tf.tensor(randomTensor([4, 8, 8, 16], 11).values, [4, 8, 8, 16]), tf.tensor(randomTensor([4, 8, 8, 12], 12).values, [4, 8, 8, 12])];
      const joined = tf.concat([a, b], 3);
      const parts = tf.split(joined, [12, 16], 3);
      const values = await Promise.all([joined, ...parts].map(async (t) => Array.from(await t.data())));
      tf.dispose([a, b, joined, ...parts]);
      return values;
    };
    expect(await run('wasm')).toEqual(await run('cpu'));
  });
});

describe('the pthread worker script served to the page', () => {
  it("is tfjs-backend-wasm's own, unchanged", () => {
    const require = createRequire(import.meta.url);
    const { wasmWorkerContents } = require('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js') as { wasmWorkerContents: string };
    const ours = readFileSync(new URL('../../../src/engine/wasm/pthreadWorker.js', import.meta.url), 'utf8');
    // Our copy: a comment block, then the package's text with its newlines written as \n, as
    // tfjs-backend-wasm does before making its blob.
    const body = ours.split('\n').filter((line) => !line.startsWith('//')).join('\n').trim();
    expect(body).toBe(wasmWorkerContents.replace(/\n/g, '\\n').trim());
  });
});
