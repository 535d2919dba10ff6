import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initNodeWasmBackend } from '../../../src/engine/wasm/node';
import { abs, compare, convOutShape, convSweep, dilateFilter, explicitPad as explicit, randomTensor, undilateFilter, runKernelOn, worstError, type ConvCase, type HostTensor, type Pad } from './kernelCheck';

// float32 rounding: ~2^-24 per add. The worst error relative to the sum of |terms| seen over
// these grids is ~1e-7; 1e-5 allows a hundredfold margin and still fails any wrong tap,
// which is off by a whole term (order 1e-2 of that sum or more).
const TOLERANCE = 1e-5;

beforeAll(() => {
  initNodeWasmBackend();
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

const PADS: Pad[] = ['same', 'valid', explicit(1, 2, 0, 1), 1];
const SIZES: [number, number][] = [[7, 7], [8, 8], [9, 6]];

describe('Conv2DBackpropFilter on wasm', () => {
  type Case = ConvCase;
  const grid = convSweep();
  // The models' convs: DCGAN's and pix2pix's 4x4 stride-2 'same', pix2pix's 4x4 stride-1 'same'
  // (padding 1 above, 2 below), and the transposed convs' filter gradients, which pass the
  // upsampled side as x and the small side as dy.
  const models: Case[] = [
    { x: [3, 28, 28, 1], filter: [4, 4, 1, 8], strides: 2, pad: 'same' },
    { x: [3, 14, 14, 8], filter: [4, 4, 8, 16], strides: 2, pad: 'same' },
    { x: [2, 32, 32, 6], filter: [4, 4, 6, 4], strides: 2, pad: 'same' },
    { x: [2, 4, 4, 16], filter: [4, 4, 16, 1], strides: 1, pad: 'same' },
    { x: [1, 2, 2, 8], filter: [4, 4, 8, 8], strides: 2, pad: 'same' },
    { x: [2, 9, 9, 2], filter: [3, 3, 2, 3], strides: 2, pad: 1, dimRoundingMode: 'ceil' },
    { x: [2, 8, 7, 3], filter: [3, 3, 3, 2], strides: 2, pad: 'same', dataFormat: 'NCHW' },
    { x: [1, 7, 6, 2], filter: [2, 3, 2, 4], strides: 1, pad: explicit(0, 2, 1, 0), dataFormat: 'NCHW' },
    // A filter wider than the image: the conv has no output and the gradient is zeros.
    { x: [1, 4, 4, 1], filter: [5, 5, 1, 2], strides: 1, pad: 'valid' },
  ];

  it.each([...grid, ...models].map((c) => [JSON.stringify(c), c] as const))('matches the cpu kernel: %s', async (_, c) => {
    const dataFormat = c.dataFormat ?? 'NHWC';
    const channelsFirst = dataFormat === 'NCHW';
    // The cases are written channels-last; NCHW moves the shapes' and explicit pads' axes.
    const toFirst = <T,>([n, h, w, c]: T[]): T[] => (channelsFirst ? [n!, c!, h!, w!] : [n!, h!, w!, c!]);
    const dyShape = toFirst(convOutShape(c.x, c.filter, c.strides, c.pad, 1, false, c.dimRoundingMode));
    const pad = Array.isArray(c.pad) ? toFirst(c.pad) : c.pad;
    const inputs = { x: randomTensor(toFirst(c.x), 1), dy: randomTensor(dyShape, 2) };
    const attrs = { strides: c.strides, pad, dataFormat, dimRoundingMode: c.dimRoundingMode, filterShape: c.filter };
    expect(await compare(tf.Conv2DBackpropFilter, inputs, attrs)).toBeLessThan(TOLERANCE);
  });
});

describe('depthwise conv gradients on wasm', () => {
  interface Case { x: number[]; filter: number[]; strides: number; dilations: number; pad: Pad; dimRoundingMode?: 'floor' | 'round' | 'ceil' }
  const grid: Case[] = [];
  let i = 0;
  for (const k of [1, 2, 3, 4])
    for (const [strides, dilations] of [[1, 1], [2, 1], [1, 2], [2, 2]] as const)
      for (const pad of PADS)
        for (const [h, w] of SIZES) {
          const batch = 1 + (i % 3);
          const channels = 1 + ((i >> 1) % 3);
          const multiplier = 1 + (i % 2);
          i++;
          const c: Case = { x: [batch, h, w, channels], filter: [k, k + (i % 2), channels, multiplier], strides, dilations, pad };
          // A dilated filter wider than the padded image has no output (size 0, kept: the
          // gradient is zeros) or a negative one (left out: the forward conv throws).
          if (convOutShape(c.x, c.filter, strides, pad, dilations, true).some((d) => d < 0)) continue;
          grid.push(c);
        }
  // The losses' filters: edgeLosses' 3x3 'same' per channel, and gaussianBlur's 71-tap 1-D
  // passes with explicit padding 35 (wider than the image).
  const losses: Case[] = [
    { x: [2, 16, 16, 3], filter: [3, 3, 3, 1], strides: 1, dilations: 1, pad: 'same' },
    { x: [2, 28, 28, 1], filter: [3, 3, 1, 1], strides: 1, dilations: 1, pad: 'same' },
    { x: [1, 20, 20, 2], filter: [71, 1, 2, 1], strides: 1, dilations: 1, pad: explicit(35, 35, 0, 0) },
    { x: [1, 20, 20, 2], filter: [1, 71, 2, 1], strides: 1, dilations: 1, pad: explicit(0, 0, 35, 35) },
    { x: [2, 9, 9, 2], filter: [3, 3, 2, 2], strides: 2, dilations: 1, pad: 1, dimRoundingMode: 'ceil' },
    { x: [1, 4, 4, 1], filter: [3, 3, 1, 1], strides: 1, dilations: 2, pad: 'valid' },
  ];
  const cases = [...grid, ...losses].map((c) => [JSON.stringify(c), c] as const);

  // tfjs's cpu kernels ignore `dilations` in their loops (tfjs's gradients reject dilated
  // depthwise convs, so they never see one). The reference for a dilated case is therefore the
  // cpu kernel on the filter with zeros between its taps, which is the same conv undilated.
  it.each(cases)('DepthwiseConv2dNativeBackpropInput matches the cpu kernel: %s', async (_, c) => {
    const dy = randomTensor(convOutShape(c.x, c.filter, c.strides, c.pad, c.dilations, true, c.dimRoundingMode), 3);
    const filter = randomTensor(c.filter, 4);
    const attrs = { strides: c.strides, dilations: c.dilations, pad: c.pad, dimRoundingMode: c.dimRoundingMode, inputShape: c.x };
    const name = tf.DepthwiseConv2dNativeBackpropInput;
    const wasm = await runKernelOn('wasm', name, { dy, filter }, attrs);
    const refAttrs = { ...attrs, dilations: 1 };
    const wide = dilateFilter(filter, c.dilations, c.dilations);
    const cpu = await runKernelOn('cpu', name, { dy, filter: wide }, refAttrs);
    const scale = await runKernelOn('cpu', name, { dy: abs(dy), filter: abs(wide) }, refAttrs);
    expect(worstError(wasm, cpu, scale)).toBeLessThan(TOLERANCE);
  });

  it.each(cases)('DepthwiseConv2dNativeBackpropFilter matches the cpu kernel: %s', async (_, c) => {
    const x = randomTensor(c.x, 5);
    const dy = randomTensor(convOutShape(c.x, c.filter, c.strides, c.pad, c.dilations, true, c.dimRoundingMode), 6);
    const attrs = { strides: c.strides, dilations: c.dilations, pad: c.pad, dimRoundingMode: c.dimRoundingMode, filterShape: c.filter };
    const name = tf.DepthwiseConv2dNativeBackpropFilter;
    const wasm = await runKernelOn('wasm', name, { x, dy }, attrs);
    const wide = dilateFilter(randomTensor(c.filter, 0), c.dilations, c.dilations).shape;
    const refAttrs = { ...attrs, dilations: 1, filterShape: wide };
    const cpu = undilateFilter(await runKernelOn('cpu', name, { x, dy }, refAttrs), c.dilations, c.dilations);
    const scale = undilateFilter(await runKernelOn('cpu', name, { x: abs(x), dy: abs(dy) }, refAttrs), c.dilations, c.dilations);
    expect(worstError(wasm, cpu, scale)).toBeLessThan(TOLERANCE);
  });
});

describe('the ops that train through these kernels', () => {
  /** Gradients of sum(op(x, f) * w) with respect to x and f, as plain arrays, on `backend`. */
  async function gradsOn(backend: 'cpu' | 'wasm', op: (x: tf.Tensor4D, f: tf.Tensor4D) => tf.Tensor4D, x: HostTensor, f: HostTensor, seed: number) {
    await tf.setBackend(backend);
    const before = tf.memory().numTensors;
    const [xt, ft] = [tf.tensor4d(x.values, x.shape as [number, number, number, number]), tf.tensor4d(f.values, f.shape as [number, number, number, number])];
    const outShape = tf.tidy(() => op(xt, ft).shape);
    const w = tf.tensor(randomTensor(outShape, seed).values, outShape);
    const [dx, df] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(op(a as tf.Tensor4D, b as tf.Tensor4D), w)))([xt, ft]);
    const out = [(await dx!.data()) as Float32Array, (await df!.data()) as Float32Array];
    tf.dispose([xt, ft, w, dx!, df!]);
    expect(tf.memory().numTensors).toBe(before);
    return out;
  }

  const ops: [string, (x: tf.Tensor4D, f: tf.Tensor4D) => tf.Tensor4D, number[], number[]][] = [
    ['conv2d 4x4 stride 2 same', (x, f) => tf.conv2d(x, f, 2, 'same'), [2, 14, 14, 3], [4, 4, 3, 5]],
    ['conv2dTranspose 4x4 stride 2 same (14 -> 28)', (x, f) => tf.conv2dTranspose(x, f, [2, 28, 28, 2], 2, 'same'), [2, 14, 14, 5], [4, 4, 2, 5]],
    ['depthwiseConv2d 3x3 same, multiplier 2', (x, f) => tf.depthwiseConv2d(x, f, 1, 'same'), [2, 9, 8, 3], [3, 3, 3, 2]],
    ['depthwiseConv2d 3x3 stride 2 valid', (x, f) => tf.depthwiseConv2d(x, f, 2, 'valid'), [1, 9, 9, 2], [3, 3, 2, 1]],
  ];

  it.each(ops)('%s: input and filter gradients match cpu', async (_, op, xShape, fShape) => {
    const x = randomTensor(xShape, 7);
    const f = randomTensor(fShape, 8);
    const wasm = await gradsOn('wasm', op, x, f, 9);
    const cpu = await gradsOn('cpu', op, x, f, 9);
    wasm.forEach((g, i) => {
      const ref = cpu[i]!;
      const norm = Math.sqrt(ref.reduce((s, v) => s + v * v, 0));
      const diff = Math.sqrt(g.reduce((s, v, j) => s + (v - ref[j]!) ** 2, 0));
      expect(diff / norm).toBeLessThan(1e-6);
    });
  });
});
