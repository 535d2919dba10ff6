import * as tf from '@tensorflow/tfjs';

/**
 * Noise distributions. 'uniform' and 'gaussian' are GAN Lab's (U(0, 1), and N(0.5, 0.25)
 * truncated at two deviations), which fill the unit square GAN Lab draws the noise
 * manifold on; the toy GAN offers those two. 'normal' is N(0, 1), the DCGAN/StyleGAN latent,
 * which is also what genPathRegularizer draws when it is given no sampler.
 */
export const NOISE_KINDS = ['uniform', 'gaussian', 'normal'] as const;
export type NoiseKind = (typeof NOISE_KINDS)[number];

/** A batch [n, dim] of noise; the same seed gives the same batch. */
export function sampleNoise(kind: NoiseKind, dim: number, n: number, seed?: number): tf.Tensor2D {
  if (!Number.isInteger(n) || n < 1) throw new Error(`sampleNoise: n must be a positive integer, got ${n}`);
  switch (kind) {
    case 'uniform':
      return tf.randomUniform([n, dim], 0, 1, 'float32', seed);
    case 'gaussian':
      return tf.truncatedNormal([n, dim], 0.5, 0.25, 'float32', seed);
    case 'normal':
      return tf.randomNormal([n, dim], 0, 1, 'float32', seed);
  }
}
