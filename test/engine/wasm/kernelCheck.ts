// Runs one kernel on a named backend from plain arrays, so the wasm kernels can be checked
// against tfjs's cpu kernels (the reference: straight loops, accumulated in float64).
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';

export interface HostTensor {
  shape: number[];
  values: Float32Array;
}

/** Values in [-1, 1) from a seeded mulberry32 stream. */
export function randomTensor(shape: number[], seed: number): HostTensor {
  let a = seed >>> 0;
  const values = new Float32Array(shape.reduce((p, d) => p * d, 1));
  for (let i = 0; i < values.length; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    values[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return { shape, values };
}

export const abs = (t: HostTensor): HostTensor => ({ shape: t.shape, values: t.values.map(Math.abs) });

/**
 * Runs `kernelName` on `backend` and reads the result back. On wasm it also asserts that the
 * kernel left no tensor and no wasm buffer behind.
 */
export async function runKernelOn(
  backend: 'cpu' | 'wasm',
  kernelName: string,
  inputs: Record<string, HostTensor>,
  attrs: Record<string, unknown>,
): Promise<HostTensor> {
  await tf.setBackend(backend);
  const tensors = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, tf.tensor(v.values, v.shape)]));
  const tensorsBefore = tf.memory().numTensors;
  const buffersBefore = tf.backend().numDataIds();
  const out = tf.engine().runKernel(kernelName, tensors, attrs as tf.NamedAttrMap) as tf.Tensor;
  const result = { shape: out.shape, values: (await out.data()) as Float32Array };
  out.dispose();
  expect(tf.memory().numTensors, `${kernelName} left tensors behind`).toBe(tensorsBefore);
  expect(tf.backend().numDataIds(), `${kernelName} left buffers behind`).toBe(buffersBefore);
  tf.dispose(Object.values(tensors));
  return result;
}

/**
 * The largest error of `actual` against `expected`, relative to `scale`: each element's
 * sum of |terms| (the kernel run on |inputs|). A float32 sum of n terms is off by at most
 * about n * 2^-24 of that sum, and in practice by sqrt(n) * 2^-24, so a bound on this ratio is
 * independent of cancellation, where the element-wise relative error is not.
 */
export function worstError(actual: HostTensor, expected: HostTensor, scale: HostTensor): number {
  expect(actual.shape).toEqual(expected.shape);
  let worst = 0;
  for (let i = 0; i < expected.values.length; i++) {
    const err = Math.abs(actual.values[i]! - expected.values[i]!) / (scale.values[i]! + 1e-30);
    if (scale.values[i]! > 0) worst = Math.max(worst, err);
    // A term-free element (all padding) must be exactly zero.
    else expect(actual.values[i]).toBe(0);
  }
  return worst;
}

/**
 * A [fH, fW, C, M] filter with dH - 1 zero rows and dW - 1 zero columns between its taps: a conv
 * with it equals a conv with the filter dilated by (dH, dW), padding included (tfjs pads by the
 * effective size). Lets dilation-1 kernels be the reference for dilated ones.
 */
export function dilateFilter(f: HostTensor, dH: number, dW: number): HostTensor {
  const [fH, fW, c, m] = f.shape as [number, number, number, number];
  const shape = [(fH - 1) * dH + 1, (fW - 1) * dW + 1, c, m];
  const values = new Float32Array(shape.reduce((p, d) => p * d, 1));
  for (let p = 0; p < fH; p++)
    for (let q = 0; q < fW; q++)
      for (let k = 0; k < c * m; k++) values[((p * dH) * shape[1]! + q * dW) * c * m + k] = f.values[(p * fW + q) * c * m + k]!;
  return { shape, values };
}

/** The taps of a dilated filter's gradient that belong to the undilated filter: the inverse of dilateFilter. */
export function undilateFilter(g: HostTensor, dH: number, dW: number): HostTensor {
  const [gH, gW, c, m] = g.shape as [number, number, number, number];
  const shape = [(gH - 1) / dH + 1, (gW - 1) / dW + 1, c, m];
  const values = new Float32Array(shape.reduce((p, d) => p * d, 1));
  for (let p = 0; p < shape[0]!; p++)
    for (let q = 0; q < shape[1]!; q++)
      for (let k = 0; k < c * m; k++) values[(p * shape[1]! + q) * c * m + k] = g.values[((p * dH) * gW + q * dW) * c * m + k]!;
  return { shape, values };
}

export type Pad = tf.backend_util.ExplicitPadding | 'same' | 'valid' | number;

export const explicitPad = (t: number, b: number, l: number, r: number): tf.backend_util.ExplicitPadding => [[0, 0], [t, b], [l, r], [0, 0]];

/** dy's shape for a conv of x by a filter: the forward op's own shape rules. */
export function convOutShape(xShape: number[], filterShape: number[], strides: number | [number, number], pad: Pad, dilations = 1, depthwise = false, dimRoundingMode?: 'floor' | 'round' | 'ceil'): number[] {
  const info = tf.backend_util.computeConv2DInfo(xShape as [number, number, number, number], filterShape as [number, number, number, number], strides, dilations, pad, dimRoundingMode, depthwise);
  return info.outShape;
}

export interface ConvCase {
  x: number[];
  filter: number[];
  strides: number | [number, number];
  pad: Pad;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  dataFormat?: 'NHWC' | 'NCHW';
}

/** (in, out) channel pairs from 1 to 64, odd and even, each way round. */
const CHANNELS: [number, number][] = [[1, 1], [2, 3], [4, 1], [1, 8], [16, 16], [3, 33], [64, 2], [1, 64], [64, 64], [33, 7], [8, 4], [5, 48]];

/**
 * The sweep the conv gradients are checked over: filters 1x1 to 5x6, strides 1 to 3, 'same',
 * 'valid', explicit and numeric padding, odd and even images, batch 1 to 8 and channels 1 to 64
 * in turn (the batch cut where the channels are many, to keep the cpu reference quick).
 * Cases whose forward conv has a negative output size (it throws) are left out.
 */
export function convSweep(): ConvCase[] {
  const pads: Pad[] = ['same', 'valid', explicitPad(1, 2, 0, 1), 1];
  const sizes: [number, number][] = [[7, 7], [8, 8], [9, 6]];
  const cases: ConvCase[] = [];
  let i = 0;
  for (const k of [1, 2, 3, 4, 5])
    for (const strides of [1, 2, 3])
      for (const pad of pads)
        for (const [h, w] of sizes) {
          const [cin, cout] = CHANNELS[i % CHANNELS.length]!;
          const batch = Math.min(1 + (i % 8), Math.max(1, Math.floor(512 / (cin * cout))));
          i++;
          const c: ConvCase = { x: [batch, h, w, cin], filter: [k, k + (i % 2), cin, cout], strides, pad };
          if (convOutShape(c.x, c.filter, strides, pad).some((d) => d < 0)) continue;
          cases.push(c);
        }
  return cases;
}

/**
 * The worst error of a kernel on wasm against the cpu kernel on the same inputs, relative to
 * the cpu kernel on their absolute values (see worstError).
 */
export async function compare(kernelName: string, inputs: Record<string, HostTensor>, attrs: Record<string, unknown>): Promise<number> {
  const wasm = await runKernelOn('wasm', kernelName, inputs, attrs);
  const cpu = await runKernelOn('cpu', kernelName, inputs, attrs);
  const scale = await runKernelOn('cpu', kernelName, Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, abs(v)])), attrs);
  return worstError(wasm, cpu, scale);
}
