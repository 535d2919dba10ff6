import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { countFlops, flopsByLayer, formatFlops } from '../../../src/engine/models';

describe('countFlops', () => {
  it('counts 2 x multiply-adds of conv2d, conv2dTranspose and dense from their shapes', () => {
    const model = tf.sequential({
      layers: [
        // 4x4 output pixels x (3x3 kernel x 1 in x 2 out) = 288 multiply-adds
        tf.layers.conv2d({ inputShape: [4, 4, 1], filters: 2, kernelSize: 3, padding: 'same' }),
        tf.layers.batchNormalization(), // element-wise: not counted
        tf.layers.reLU(),
        // 4x4 input pixels x (2x2 kernel x 2 in x 1 out) = 128 multiply-adds, giving 8x8x1
        tf.layers.conv2dTranspose({ filters: 1, kernelSize: 2, strides: 2, padding: 'same' }),
        tf.layers.flatten(),
        // 64 in x 3 out = 192 multiply-adds
        tf.layers.dense({ units: 3 }),
      ],
    });
    expect(flopsByLayer(model).map((row) => [row.className, row.flops])).toEqual([
      ['Conv2D', 2 * 288],
      ['Conv2DTranspose', 2 * 128],
      ['Dense', 2 * 192],
    ]);
    expect(countFlops(model)).toBe(2 * (288 + 128 + 192));
    model.dispose();
  });

  it('counts a dense layer on a sequence once per leading position, and a stride-2 conv per output pixel', () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 4, kernelSize: 4, strides: 2, padding: 'same' }), // 16 x (16*3*4)
        tf.layers.reshape({ targetShape: [16, 4] }),
        tf.layers.dense({ units: 5 }), // 16 x (4*5)
      ],
    });
    expect(countFlops(model)).toBe(2 * (16 * 192 + 16 * 20));
    model.dispose();
  });

  it('refuses a layer with a kernel it has no rule for, rather than under-count', () => {
    const model = tf.sequential({
      layers: [tf.layers.depthwiseConv2d({ inputShape: [4, 4, 2], kernelSize: 3, name: 'dw' })],
    });
    expect(() => countFlops(model)).toThrow(/no FLOP rule for layer "dw" \(DepthwiseConv2D\)/);
    model.dispose();
  });

  it('formats with a unit', () => {
    expect([formatFlops(640), formatFlops(25_480), formatFlops(14_050_000), formatFlops(2.5e9)]).toEqual([
      '640 FLOP',
      '25.48 kFLOP',
      '14.05 MFLOP',
      '2.50 GFLOP',
    ]);
  });
});
