import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { trainingNetwork } from '../../../src/engine/models';
import { batchNorm, layerNorm } from '../../../src/engine/models/layers';
import { gradientPenaltyLoss, r1GradientPenaltyLoss } from '../../../src/losses';
import { autodiffGrads, finiteDifferenceGrads, relativeError } from '../../helpers/nets';

/**
 * A DCGAN discriminator in miniature: conv 4x4 stride 2 -> leakyReLU -> conv 4x4 stride 2 ->
 * norm -> leakyReLU -> dense, on 8 x 8 images, with the normalization layers dcgan.ts uses.
 * Small on purpose: R1 of a leakyReLU net jumps wherever a pre-activation crosses zero, and
 * the full 28 x 28 D has so many pre-activations that central differences (h = 1e-3) cross
 * such jumps (relative error 0.9 on its first conv's kernel even with no normalization).
 */
function miniDiscriminator(norm: 'batch' | 'layer' | 'none', seed: number): tf.Sequential {
  const init = (k: number) => tf.initializers.glorotNormal({ seed: seed + k });
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 2, kernelSize: 4, strides: 2, padding: 'same', kernelInitializer: init(0) }));
  model.add(tf.layers.leakyReLU({ alpha: 0.2 }));
  model.add(tf.layers.conv2d({ filters: 3, kernelSize: 4, strides: 2, padding: 'same', useBias: norm === 'none', kernelInitializer: init(1) }));
  if (norm !== 'none') model.add(norm === 'batch' ? batchNorm() : layerNorm());
  model.add(tf.layers.leakyReLU({ alpha: 0.2 }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 1, kernelInitializer: init(2) }));
  // Move gamma off 1 so the check also sees the scale's part of the gradient.
  tf.tidy(() =>
    model.trainableWeights.filter((w) => w.name.endsWith('gamma')).forEach((w) => w.write(tf.add(w.read(), tf.randomNormal(w.shape as number[], 0, 0.3, 'float32', seed)))),
  );
  return model;
}

/**
 * The measurement behind D_NORMS (src/engine/models/layers.ts): R1 and WGAN-GP differentiate D
 * twice; with batch statistics (training: true) D's output for one sample depends on the whole
 * batch, and tfjs must carry that through the moments. Measured relative errors against finite
 * differences (all weights, batch 3): batch 7.4e-5 (R1) / 8.2e-5 (GP), layer 8.5e-5 / 8.8e-5,
 * none 6.6e-5 / 3.6e-4; the same with tanh in place of leakyReLU: 6e-5 to 1.8e-4.
 */
describe('R1 and GP through a normalized discriminator match finite differences of the weights', () => {
  it.each(['batch', 'layer', 'none'] as const)('%s normalization, in training mode', async (norm) => {
    const d = miniDiscriminator(norm, 3);
    const disc = trainingNetwork(d);
    const real = tf.randomUniform([3, 8, 8, 1], -1, 1, 'float32', 1);
    const fake = tf.randomUniform([3, 8, 8, 1], -1, 1, 'float32', 2);
    const alpha = tf.tensor4d([0.2, 0.5, 0.9], [3, 1, 1, 1]);
    const penalties = {
      r1: () => r1GradientPenaltyLoss(disc, real, { normMode: 'HWC' }) as tf.Scalar,
      gp: () => gradientPenaltyLoss(disc, real, fake, { alpha, normMode: 'HWC' }) as tf.Scalar,
    };
    for (const [name, f] of Object.entries(penalties)) {
      const error = relativeError(await autodiffGrads(d, f), await finiteDifferenceGrads(d, f));
      expect(error, `${norm} ${name}`).toBeLessThan(2e-3);
    }
    tf.dispose([real, fake, alpha]);
    d.dispose();
  });
});
