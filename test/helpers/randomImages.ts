import * as tf from '@tensorflow/tfjs';
import type { RealDataSource } from '../../src/engine/trainer';

/**
 * Seeded uniform images in [-1, 1] (DCGAN samples, or pix2pix pairs): tfjs draws them in JS, so
 * two runs (or two backends) given the same seeds see the same batches.
 */
export function randomSource(family: 'dcgan' | 'pix2pix', shape: number[]): RealDataSource {
  return {
    next: (n, seed) =>
      family === 'dcgan'
        ? { kind: 'samples', real: tf.randomUniform([n, ...shape], -1, 1, 'float32', seed) }
        : { kind: 'pairs', a: tf.randomUniform([n, ...shape], -1, 1, 'float32', seed), b: tf.randomUniform([n, ...shape], -1, 1, 'float32', seed + 1) },
  };
}
