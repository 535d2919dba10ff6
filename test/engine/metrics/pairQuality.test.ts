import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { pairQuality } from '../../../src/engine/metrics/pairQuality';

/** G(A) = 0 everywhere: mid-grey (127.5 on [0, 255]) for every held-out pair. */
function greyGenerator(): tf.LayersModel {
  const g = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [32, 32, 1], filters: 3, kernelSize: 1, kernelInitializer: 'zeros' })] });
  return g;
}

describe('pix2pix quality on held-out pairs', () => {
  it('a grey generator: L1 in (0, 1), PSNR finite and positive, SSIM below 1; nothing kept', async () => {
    const generator = greyGenerator();
    const quality = pairQuality({ task: 'edges-to-shapes' }, 32, 1, { generator, discriminator: generator })!;
    expect(quality.names).toEqual(['metric/L1', 'metric/PSNR', 'metric/SSIM']);
    const before = tf.memory().numTensors;
    const values = tf.tidy(() => quality.measure());
    const [l1, psnr, ssim] = Array.from(await values.data());
    values.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(l1).toBeGreaterThan(0);
    expect(l1).toBeLessThan(1);
    expect(psnr).toBeGreaterThan(0);
    expect(Number.isFinite(psnr)).toBe(true);
    expect(ssim).toBeLessThan(1);
    generator.dispose();
  });

  it("the user's own A|B images are not split: no measure", () => {
    const generator = greyGenerator();
    expect(pairQuality({ images: [] }, 32, 1, { generator, discriminator: generator })).toBeNull();
    generator.dispose();
  });
});
