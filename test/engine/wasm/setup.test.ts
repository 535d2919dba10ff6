import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels, WASM_FASTER_KERNELS, WASM_TRAINING_KERNELS } from '../../../src/engine/wasm/kernels';
import { initNodeWasmBackend, nodeWasmFolder } from '../../../src/engine/wasm/node';
import { initWasmBackend, sharedMemoryAvailable, WASM_BINARIES } from '../../../src/engine/wasm/setup';

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('the wasm backend in Node', () => {
  it('finds every binary in node_modules', () => {
    for (const name of WASM_BINARIES) expect(existsSync(nodeWasmFolder() + name), name).toBe(true);
  });

  it('starts single-threaded with SIMD, with the training kernels registered', async () => {
    initNodeWasmBackend();
    expect(await tf.setBackend('wasm')).toBe(true);
    expect(tf.getBackend()).toBe('wasm');
    expect(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')).toBe(false);
    expect(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')).toBe(true);
    for (const { kernelName } of WASM_TRAINING_KERNELS) expect(tf.getKernel(kernelName, 'wasm'), kernelName).toBeDefined();
  });

  it('trains a conv through them without leaking tensors or wasm buffers', async () => {
    await tf.setBackend('wasm');
    const x = tf.ones([1, 5, 5, 2]) as tf.Tensor4D;
    const init = tf.ones([3, 3, 2, 4]) as tf.Tensor4D;
    const filter = tf.variable(init);
    init.dispose();
    const optimizer = tf.train.adam(0.1);
    optimizer.minimize(() => tf.mean(tf.square(tf.conv2d(x, filter, 2, 'same')))); // warm-up: Adam's slots
    const tensors = tf.memory().numTensors;
    const buffers = tf.backend().numDataIds();
    for (let i = 0; i < 3; i++) optimizer.minimize(() => tf.mean(tf.square(tf.conv2d(x, filter, 2, 'same'))));
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.backend().numDataIds()).toBe(buffers);
    tf.dispose([filter, x]);
    optimizer.dispose();
  });
});

describe('registerWasmTrainingKernels', () => {
  it('registers only what is missing, so a second call changes nothing', () => {
    initNodeWasmBackend();
    const registered = WASM_TRAINING_KERNELS.map((k) => tf.getKernel(k.kernelName, 'wasm'));
    expect(registerWasmTrainingKernels()).toEqual([]);
    WASM_TRAINING_KERNELS.forEach((k, i) => expect(tf.getKernel(k.kernelName, 'wasm')).toBe(registered[i]));
  });

  it("keeps a kernel that 'wasm' already has (a later tfjs-backend-wasm's own)", () => {
    const name = tf.Conv2DBackpropFilter;
    const ours = tf.getKernel(name, 'wasm');
    const theirs = { kernelName: name, backendName: 'wasm', kernelFunc: () => ({ dataId: {}, shape: [], dtype: 'float32' as const }) };
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(theirs);
    try {
      expect(registerWasmTrainingKernels()).toEqual([]);
      expect(tf.getKernel(name, 'wasm')).toBe(theirs);
      tf.unregisterKernel(name, 'wasm');
      expect(registerWasmTrainingKernels()).toEqual([name]);
      expect(tf.getKernel(name, 'wasm').kernelFunc).toBe(ours.kernelFunc);
    } finally {
      if (!tf.getKernel(name, 'wasm')) tf.registerKernel(ours);
    }
  });

  it("replaces wasm's own slower kernels once, keeping the replaced kernel's setup", async () => {
    initNodeWasmBackend();
    const names = WASM_FASTER_KERNELS.map((k) => k.kernelName);
    const registered = names.map((name) => tf.getKernel(name, 'wasm'));
    expect(registerWasmTrainingKernels()).toEqual([]);
    names.forEach((name, i) => expect(tf.getKernel(name, 'wasm')).toBe(registered[i]));
    // Conv2DBackpropInput still calls tfjs-wasm's own kernel on some shapes: its wasm binding is
    // set up when the backend starts, so the replacement carries the replaced kernel's setupFunc.
    const bpi = tf.getKernel(tf.Conv2DBackpropInput, 'wasm');
    expect(bpi.setupFunc).toBeTypeOf('function');
    await tf.setBackend('wasm');
    const dx = tf.conv2dTranspose(tf.ones([1, 1, 1, 2]) as tf.Tensor4D, tf.ones([4, 4, 3, 2]) as tf.Tensor4D, [1, 2, 2, 3], 2, 'same');
    // Each dx pixel gathers the one dy pixel through one tap per input channel: 2 ones.
    expect(Array.from(await dx.data())).toEqual(new Array(12).fill(2));
    dx.dispose();
  });
});

describe('threads', () => {
  it('refuses a thread count that is not a whole number from 1 to 8, before anything starts', () => {
    for (const threads of [0, 9, 1.5, Number.NaN, -1]) {
      expect(() => initWasmBackend({ threads }), String(threads)).toThrow(`wasm threads must be a whole number from 1 to 8, got ${threads}`);
    }
  });

  it('share memory in a browser only on a cross-origin-isolated page, in Node always', () => {
    const SharedArrayBuffer = globalThis.SharedArrayBuffer;
    expect(sharedMemoryAvailable({ SharedArrayBuffer, crossOriginIsolated: true })).toBe(true);
    expect(sharedMemoryAvailable({ SharedArrayBuffer, crossOriginIsolated: false })).toBe(false);
    expect(sharedMemoryAvailable({ crossOriginIsolated: true })).toBe(false);
    expect(sharedMemoryAvailable({ SharedArrayBuffer, process: {} })).toBe(true);
    expect(sharedMemoryAvailable({ SharedArrayBuffer })).toBe(false);
  });
});
