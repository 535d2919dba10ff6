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

  it('sizes G and D apart: gLayers x gUnits and dLayers x dUnits dense layers', () => {
    const m = buildModels({ family: 'toy', gLayers: 1, gUnits: 7, dLayers: 4, dUnits: 3, noiseDim: 5 });
    const dense = (model: tf.LayersModel) => model.layers.filter((l) => l.getClassName() === 'Dense').map((l) => (l.getConfig() as { units: number }).units);
    expect(dense(m.generator)).toEqual([7, 2]);
    expect(dense(m.discriminator)).toEqual([3, 3, 3, 3, 1]);
    expect(m.generator.countParams()).toBe(denseParams(5, 7) + denseParams(7, 2));
    expect(m.discriminator.countParams()).toBe(denseParams(2, 3) + 3 * denseParams(3, 3) + denseParams(3, 1));
    m.dispose();
  });

  it.each([
    // U(0, 1): mean 1/2, variance 1/12.
    ['uniform', 0.5, Math.sqrt(1 / 12)],
    // N(0.5, 0.25) truncated at 2 deviations: sd = 0.25 sqrt(1 - 2 * 2 phi(2) / (Phi(2) - Phi(-2))), phi(2) = 0.053991, Phi(2) - Phi(-2) = 0.954500.
    ['gaussian', 0.5, 0.25 * Math.sqrt(1 - (4 * 0.053991) / 0.9545)],
  ] as const)("the run's %s noise has the distribution's mean and deviation", async (noise, mean, sd) => {
    const m = buildModels({ family: 'toy', noise, noiseDim: 2 });
    const z = m.sampleNoise!(20_000, 7);
    const values = Array.from(await z.data());
    z.dispose();
    m.dispose();
    const mu = values.reduce((a, b) => a + b, 0) / values.length;
    const sigma = Math.sqrt(values.reduce((a, b) => a + (b - mu) ** 2, 0) / values.length);
    // 40,000 draws: the mean's standard error is under 0.0015.
    expect(Math.abs(mu - mean)).toBeLessThan(0.006);
    expect(Math.abs(sigma - sd)).toBeLessThan(0.006);
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

  // tfjs's initializers read seed 0 as "unseeded": config seed 0's first G layer differed each run.
  it('gives the same weights at seed 0 too, in every model family', async () => {
    for (const family of ['toy', 'dcgan', 'pix2pix'] as const) {
      const [a, b] = [0, 0].map(() => buildModels({ family, seed: 0, ...(family === 'toy' ? {} : { width: 4 }) }));
      expect(await weightValues(a!.generator)).toEqual(await weightValues(b!.generator));
      expect(await weightValues(a!.discriminator)).toEqual(await weightValues(b!.discriminator));
      [a, b].forEach((m) => m!.dispose());
    }
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
