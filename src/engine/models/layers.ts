import * as tf from '@tensorflow/tfjs';
import { fuseBatchNormTraining } from './fusedBatchNorm';
import type { Activation, DiscriminatorNorm } from './options';

export { ACTIVATIONS, D_NORMS, G_NORMS } from './options';
export type { Activation, DiscriminatorNorm, GeneratorNorm } from './options';

type Initializer = ReturnType<typeof tf.initializers.randomNormal>;

/** Slope of leakyReLU's negative side: DCGAN's and pix2pix's 0.2. */
export const LEAKY_SLOPE = 0.2;

export function activationLayer(activation: Activation): tf.layers.Layer {
  return activation === 'leakyRelu'
    ? tf.layers.leakyReLU({ alpha: LEAKY_SLOPE })
    : tf.layers.activation({ activation });
}

/** Layers between seeds of one model: seed s draws layer k from s * SEED_STRIDE + k. */
const SEED_STRIDE = 1000;

/** What seed 0 is drawn as: tfjs reads 0 as "no seed". */
const UNSEEDED_ZERO = -1;

/**
 * Hands out one seed per initializer, so a config and its seed give the same weights on
 * every run and backend, and no two layers (nor two nearby config seeds) share a stream.
 */
export class SeedStream {
  private next = 0;
  private readonly seed: number;

  constructor(seed: number) {
    this.seed = seed;
  }

  take(): number {
    if (this.next >= SEED_STRIDE) throw new Error(`SeedStream: more than ${SEED_STRIDE} seeded initializers in one model`);
    const seed = this.seed * SEED_STRIDE + this.next++;
    // tfjs's random initializers test `seed ? seed : Math.random()`: seed 0 would draw a fresh
    // stream each run (config seed 0's first G layer). -1 is no other layer's seed.
    return seed === 0 ? UNSEEDED_ZERO : seed;
  }

  /** DCGAN's and pix2pix's kernel initializer, N(0, 0.02). */
  dcgan(): Initializer {
    return tf.initializers.randomNormal({ mean: 0, stddev: 0.02, seed: this.take() });
  }

  /** Variance 1 / fan_in, as GAN Lab draws its MLP weights. */
  lecun(): Initializer {
    return tf.initializers.leCunNormal({ seed: this.take() });
  }
}

/**
 * Batch norm with PyTorch's momentum (0.1 there, 0.9 here) and epsilon: tfjs's 0.99 leaves
 * the moving statistics, which inference-mode samples use, stale through a short run. Its
 * training-mode pass is one fused op (fusedBatchNorm.ts), the same numbers in fewer kernels.
 */
export function batchNorm(): tf.layers.Layer {
  return fuseBatchNormTraining(tf.layers.batchNormalization({ axis: -1, momentum: 0.9, epsilon: 1e-5 }));
}

/**
 * Layer norm over each sample's H, W and C, as WGAN-GP's critic normalizes: it treats every
 * sample alone, so a per-sample gradient penalty stays per sample. The scale and offset are
 * per element ([H, W, C], like PyTorch's nn.LayerNorm([C, H, W])).
 */
export function layerNorm(): tf.layers.Layer {
  return tf.layers.layerNormalization({ axis: [1, 2, 3], epsilon: 1e-5 });
}

/** The normalization layer of a kind, or null for 'none'. */
export function normLayer(kind: DiscriminatorNorm): tf.layers.Layer | null {
  if (kind === 'none') return null;
  return kind === 'batch' ? batchNorm() : layerNorm();
}
