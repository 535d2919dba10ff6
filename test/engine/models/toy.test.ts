import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, buildModels, sampleNoise, type NoiseKind } from '../../../src/engine/models';
import { denseParams, expectForwardLeaksNothing, expectPenaltiesReachKernels, weightValues } from './modelChecks';

describe('toy GAN', () => {
  it('maps noise [N, noiseDim] to points [N, 2] and points to one logit each', () => {
    const m = buildModels({ family: 'toy', noiseDim: 3 });
    expect(m.latentShape).toEqual([3]);
    expect(m.modelKeys).toMatchObject({ generatorInput: 'noise', generatorInputShape: [3], generatorOutputShape: [2] });
    const z = m.sampleNoise!(5, 1);
    const points = m.generator.apply(z) as tf.Tensor;
    const logits = m.discriminator.apply(points) as tf.Tensor;
    expect([z.shape, points.shape, logits.shape]).toEqual([[5, 3], [5, 2], [5, 1]]);
    tf.dispose([z, points, logits]);
    m.dispose();
  });

  it('has (layers - 1) hidden-to-hidden dense layers between the first and the last', () => {
    const m = buildModels({ family: 'toy', layers: 3, units: 5, noiseDim: 4 });
    expect(m.generator.countParams()).toBe(denseParams(4, 5) + 2 * denseParams(5, 5) + denseParams(5, 2));
    expect(m.discriminator.countParams()).toBe(denseParams(2, 5) + 2 * denseParams(5, 5) + denseParams(5, 1));
    // 2 x multiply-adds: (4*5 + 2*5*5 + 5*2) and (2*5 + 2*5*5 + 5*1).
    expect(m.flops).toEqual({ generator: 2 * 80, discriminator: 2 * 65 });
    expect(m.describe()).toMatch(/^toy .*\n {2}G: noise \[4\] -> \[2\]: 97 params, 160 FLOP per sample\n {2}D: sample \[2\] -> \[1\]: 81 params, 130 FLOP/);
    m.dispose();
  });

  it('draws GAN Lab noise: U(0, 1), or N(0.5, 0.25) truncated to [0, 1]; the same seed, the same batch', async () => {
    const draw = async (kind: NoiseKind, n: number, seed: number) => {
      const batch = sampleNoise(kind, 2, n, seed);
      const data = Array.from(await batch.data());
      batch.dispose();
      return data;
    };
    const uniform = await draw('uniform', 500, 3);
    const gaussian = await draw('gaussian', 500, 3);
    expect(Math.min(...uniform)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...uniform)).toBeLessThan(1);
    expect(Math.min(...gaussian)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...gaussian)).toBeLessThanOrEqual(1);
    const mean = gaussian.reduce((a, b) => a + b, 0) / gaussian.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.03);
    expect(await draw('uniform', 4, 9)).toEqual(await draw('uniform', 4, 9));
    expect(await draw('uniform', 4, 9)).not.toEqual(await draw('uniform', 4, 10));
    expect(() => sampleNoise('normal', 2, 0)).toThrow(/n must be a positive integer, got 0/);
  });

  it('gives the same weights for the same seed, others for another', async () => {
    const [a, b, c] = [1, 1, 2].map((seed) => buildModels({ family: 'toy', seed }));
    expect(await weightValues(a!.generator)).toEqual(await weightValues(b!.generator));
    expect(await weightValues(a!.discriminator)).toEqual(await weightValues(b!.discriminator));
    expect(await weightValues(a!.generator)).not.toEqual(await weightValues(c!.generator));
    [a, b, c].forEach((m) => m!.dispose());
  });

  it.each(ACTIVATIONS)('R1 and GP reach every kernel through a %s critic', (activation) => {
    const m = buildModels({ family: 'toy', activation, units: 8, seed: 4 });
    const real = tf.randomNormal([6, 2], 0.5, 0.3, 'float32', 5);
    const z = m.sampleNoise!(6, 6);
    const fake = m.generator.apply(z) as tf.Tensor;
    expectPenaltiesReachKernels(m, real, fake);
    tf.dispose([real, z, fake]);
    m.dispose();
  });

  it('leaks no tensor in a forward pass', () => {
    const m = buildModels({ family: 'toy' });
    const z = m.sampleNoise!(4, 0);
    expectForwardLeaksNothing(m, z, (fake) => fake.clone());
    z.dispose();
    m.dispose();
  });
});
