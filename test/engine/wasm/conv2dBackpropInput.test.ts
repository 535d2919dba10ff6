// This project's Conv2DBackpropInput on wasm (one XNNPACK conv of dy by the phase filter, or
// tfjs's own kernel where that is cheaper) against tfjs's cpu kernel, over the sweep the
// filter gradient is checked on, the models' layers, NCHW and rounding modes.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conv2DBackpropInputConfig, phasesConvPays } from '../../../src/engine/wasm/conv2dBackpropInput';
import { initNodeWasmBackend } from '../../../src/engine/wasm/node';
import { compare, convOutShape, convSweep, explicitPad, randomTensor, type ConvCase } from './kernelCheck';

// As for the other conv gradients (kernels.test.ts): a wrong tap is off by ~1e-2 of the sum
// of |terms|, float32 rounding by ~1e-7.
const TOLERANCE = 1e-5;

beforeAll(() => {
  initNodeWasmBackend();
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

/** Runs `body` with `config` registered in place of wasm's current Conv2DBackpropInput. */
async function withKernel<T>(config: tf.KernelConfig, body: () => Promise<T>): Promise<T> {
  const registered = tf.getKernel(tf.Conv2DBackpropInput, 'wasm');
  tf.unregisterKernel(tf.Conv2DBackpropInput, 'wasm');
  tf.registerKernel(config);
  try {
    return await body();
  } finally {
    tf.unregisterKernel(tf.Conv2DBackpropInput, 'wasm');
    tf.registerKernel(registered);
  }
}

function info(c: ConvCase): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(c.x as [number, number, number, number], c.filter as [number, number, number, number], c.strides, 1, c.pad, c.dimRoundingMode);
}

const models: ConvCase[] = [
  // DCGAN-28's transposed convs (their forward pass) and D's input gradients, at batch 3.
  { x: [3, 14, 14, 32], filter: [4, 4, 32, 64], strides: 2, pad: 'same' },
  { x: [3, 28, 28, 1], filter: [4, 4, 1, 32], strides: 2, pad: 'same' },
  // pix2pix-32's U-Net, down to the 1x1 bottleneck, and the PatchGAN's stride-1 logits.
  { x: [2, 32, 32, 3], filter: [4, 4, 3, 32], strides: 2, pad: 'same' },
  { x: [2, 8, 8, 32], filter: [4, 4, 32, 64], strides: 2, pad: 'same' },
  { x: [2, 2, 2, 64], filter: [4, 4, 64, 64], strides: 2, pad: 'same' },
  { x: [2, 4, 4, 64], filter: [4, 4, 64, 1], strides: 1, pad: 'same' },
  { x: [2, 9, 9, 2], filter: [3, 3, 2, 3], strides: 2, pad: 1, dimRoundingMode: 'ceil' },
  { x: [2, 9, 9, 2], filter: [3, 3, 2, 3], strides: 2, pad: 1, dimRoundingMode: 'floor' },
  { x: [2, 8, 7, 3], filter: [3, 3, 3, 2], strides: 2, pad: 'same', dataFormat: 'NCHW' },
  { x: [1, 7, 6, 2], filter: [2, 3, 2, 4], strides: 1, pad: explicitPad(0, 2, 1, 0), dataFormat: 'NCHW' },
  // Strides unequal, and wider than the filter (some phases have no tap at all).
  { x: [2, 9, 10, 3], filter: [3, 2, 3, 4], strides: [2, 3], pad: 'same' },
  { x: [1, 9, 9, 2], filter: [1, 1, 2, 3], strides: 3, pad: 'valid' },
  // A filter wider than the image: the conv has no output, and the gradient is zeros.
  { x: [1, 4, 4, 1], filter: [5, 5, 1, 2], strides: 1, pad: 'valid' },
];
const cases = [...convSweep(), ...models].map((c) => [JSON.stringify(c), c] as const);

/** The kernel's inputs and attributes for a case written channels-last. */
function kernelArgs(c: ConvCase) {
  const channelsFirst = c.dataFormat === 'NCHW';
  const toFirst = <T,>([n, h, w, ch]: T[]): T[] => (channelsFirst ? [n!, ch!, h!, w!] : [n!, h!, w!, ch!]);
  const dy = randomTensor(toFirst(convOutShape(c.x, c.filter, c.strides, c.pad, 1, false, c.dimRoundingMode)), 11);
  const filter = randomTensor(c.filter, 12);
  const attrs = {
    strides: c.strides,
    pad: Array.isArray(c.pad) ? toFirst(c.pad) : c.pad,
    dataFormat: c.dataFormat ?? 'NHWC',
    dimRoundingMode: c.dimRoundingMode,
    inputShape: toFirst(c.x),
  };
  return { inputs: { dy, filter }, attrs };
}

describe('Conv2DBackpropInput on wasm', () => {
  it.each(cases)('the phase conv matches the cpu kernel: %s', async (_, c) => {
    const { inputs, attrs } = kernelArgs(c);
    const error = await withKernel(conv2DBackpropInputConfig(), () => compare(tf.Conv2DBackpropInput, inputs, attrs));
    expect(error).toBeLessThan(TOLERANCE);
  });

  it.each(cases)('the registered kernel (phase conv or tfjs-wasm own) matches the cpu kernel: %s', async (_, c) => {
    const { inputs, attrs } = kernelArgs(c);
    expect(await compare(tf.Conv2DBackpropInput, inputs, attrs)).toBeLessThan(TOLERANCE);
  });

  it('takes each way somewhere in the sweep, so both are checked above', () => {
    const ways = cases.map(([, c]) => phasesConvPays(info(c)));
    expect(ways.filter(Boolean).length).toBeGreaterThan(20);
    expect(ways.filter((w) => !w).length).toBeGreaterThan(20);
  });

  it('takes the phase conv for DCGAN-28 and tfjs-wasm own for pix2pix-32 next to the bottleneck', () => {
    // DCGAN's 7 -> 14 transposed conv at batch 32: the phase conv's 1.3x extra rows are cheap.
    expect(phasesConvPays(info({ x: [32, 14, 14, 32], filter: [4, 4, 32, 64], strides: 2, pad: 'same' }))).toBe(true);
    // pix2pix's 1 -> 2 transposed conv at batch 4: 4 of its 16 products land in dx.
    expect(phasesConvPays(info({ x: [4, 2, 2, 128], filter: [4, 4, 128, 128], strides: 2, pad: 'same' }))).toBe(false);
  });
});
