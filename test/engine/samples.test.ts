import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { SamplePreview } from '../../src/engine/samples';
import type { GanNetworks, RealDataSource } from '../../src/engine/trainer';

/** Networks whose outputs are known: G copies its input, D returns 0 (sigmoid 0.5). */
function constantNetworks(shape: number[]): GanNetworks {
  const input = tf.input({ shape });
  const identity = tf.layers.activation({ activation: 'linear' }).apply(input) as tf.SymbolicTensor;
  const generator = tf.model({ inputs: input, outputs: identity });
  const dIn = tf.input({ shape });
  const flat = tf.layers.flatten().apply(dIn) as tf.SymbolicTensor;
  const zero = tf.layers.dense({ units: 1, kernelInitializer: 'zeros', biasInitializer: 'zeros' }).apply(flat) as tf.SymbolicTensor;
  const discriminator = tf.model({ inputs: dIn, outputs: zero });
  return { generator, discriminator, sampleNoise: (n) => tf.fill([n, ...shape], 1) };
}

describe('SamplePreview', () => {
  it('tiles generated images into one RGBA grid, [-1, 1] mapped to 0..255', async () => {
    const networks = constantNetworks([2, 2, 1]);
    const data: RealDataSource = { next: (n) => ({ kind: 'samples', real: tf.zeros([n, 2, 2, 1]) }) };
    const preview = new SamplePreview('dcgan', networks, data);
    const before = tf.memory().numTensors;
    const s = await preview.read(7);
    expect(tf.memory().numTensors).toBe(before);
    // 16 tiles of 2x2 in 4 columns: 8 x 8 pixels; the noise is 1 everywhere, so white, opaque.
    expect(s).toMatchObject({ step: 7, kind: 'images', width: 8, height: 8, rows: ['generated'] });
    if (s.kind === 'images') expect(Array.from(s.rgba.slice(0, 8))).toEqual([255, 255, 255, 255, 255, 255, 255, 255]);
    preview.dispose();
    expect(tf.memory().numTensors).toBe(before - 2);
  });

  it("shows pix2pix's input, output and target rows, gray inputs as RGB", async () => {
    const input = tf.input({ shape: [2, 2, 1] });
    const generator = tf.model({ inputs: input, outputs: tf.layers.conv2d({ filters: 3, kernelSize: 1, kernelInitializer: 'zeros', biasInitializer: 'zeros' }).apply(input) as tf.SymbolicTensor });
    const networks: GanNetworks = { generator, discriminator: generator };
    const data: RealDataSource = { next: (n) => ({ kind: 'pairs', a: tf.fill([n, 2, 2, 1], -1), b: tf.fill([n, 2, 2, 3], 1) }) };
    const preview = new SamplePreview('pix2pix', networks, data);
    const s = await preview.read(0);
    expect(s).toMatchObject({ kind: 'images', width: 4 * 2, height: 3 * 2, rows: ['input A', 'generated B', 'real B'] });
    if (s.kind === 'images') {
      const pixel = (x: number, y: number) => Array.from(s.rgba.slice(4 * (y * s.width + x), 4 * (y * s.width + x) + 4));
      expect(pixel(0, 0)).toEqual([0, 0, 0, 255]); // A = -1: black
      expect(pixel(0, 2)).toEqual([128, 128, 128, 255]); // G outputs 0: (0 + 1) * 127.5 rounds to 128
      expect(pixel(0, 4)).toEqual([255, 255, 255, 255]); // B = 1: white
    }
    preview.dispose();
  });
});
