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

  it("the user's own A|B images: measured on the held-out share, none from too few", async () => {
    // 64 x 32 images: A (left) black, B (right) white. G(A) = 0 (grey, 127.5) against B = 255:
    // L1 = 127.5 / 255 = 0.5 on [0, 1], PSNR = 10 log10(255^2 / 127.5^2) = 20 log10(2) = 6.0206 dB.
    const image = (name: string) => {
      const data = new Uint8ClampedArray(64 * 32 * 4);
      for (let y = 0; y < 32; y++) for (let x = 0; x < 64; x++) data.set(x < 32 ? [0, 0, 0, 255] : [255, 255, 255, 255], 4 * (y * 64 + x));
      return { name, width: 64, height: 32, data };
    };
    const g = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [32, 32, 3], filters: 3, kernelSize: 1, kernelInitializer: 'zeros' })] });
    const images = Array.from({ length: 10 }, (_, i) => image(`${i}.png`));
    expect(pairQuality({ images: images.slice(0, 9) }, 32, 1, { generator: g, discriminator: g })).toBeNull();
    expect(pairQuality({ images, heldOutShare: 0 }, 32, 1, { generator: g, discriminator: g })).toBeNull();
    const quality = pairQuality({ images }, 32, 1, { generator: g, discriminator: g })!;
    const values = tf.tidy(() => quality.measure());
    const [l1, psnr] = Array.from(await values.data());
    values.dispose();
    expect(l1).toBeCloseTo(0.5, 5);
    expect(psnr).toBeCloseTo(20 * Math.log10(2), 3);
    g.dispose();
  });
});
