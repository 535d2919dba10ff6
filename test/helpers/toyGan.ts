import * as tf from '@tensorflow/tfjs';
import type { RealDataSource, GanNetworks } from '../../src/engine/trainer';

/** Tiny MLPs for a 2-D toy GAN: noise [2] -> point [2]; point -> logit. */
export function toyNetworks(seed = 1): GanNetworks {
  const init = (s: number) => tf.initializers.glorotNormal({ seed: s });
  const generator = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [2], units: 16, activation: 'relu', kernelInitializer: init(seed) }),
      tf.layers.dense({ units: 2, kernelInitializer: init(seed + 1) }),
    ],
  });
  const discriminator = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [2], units: 16, kernelInitializer: init(seed + 2) }),
      tf.layers.leakyReLU({ alpha: 0.2 }),
      tf.layers.dense({ units: 1, kernelInitializer: init(seed + 3) }),
    ],
  });
  return { generator, discriminator, sampleNoise: (n, s) => tf.randomNormal([n, 2], 0, 1, 'float32', s) };
}

/** Real data: one point, (0.5, -0.5), with a little noise: the easiest possible target. */
export const onePoint: RealDataSource = {
  next: (n, seed) => ({ kind: 'samples', real: tf.add(tf.tensor2d([[0.5, -0.5]]), tf.randomNormal([n, 2], 0, 0.02, 'float32', seed)) }),
};

