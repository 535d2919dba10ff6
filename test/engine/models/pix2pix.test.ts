import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildModels, pairInput, type Pix2pixConfig } from '../../../src/engine/models';
import { convParams, expectForwardLeaksNothing, expectPenaltiesReachKernels, weightValues } from './modelChecks';

const small: Pix2pixConfig = { family: 'pix2pix', width: 1, channelsA: 1, channelsB: 3, gNorm: 'none' };

describe('pix2pix', () => {
  it.each([
    [32, 3, 4],
    [64, 3, 8],
    [64, 4, 4],
  ] as const)('at %i px with %i D layers: U-Net to [N, S, S, cB], PatchGAN to a %i x %i grid of logits', (size, dLayers, grid) => {
    const m = buildModels({ ...small, size, dLayers, width: 2 });
    expect(m.latentShape).toBeUndefined();
    expect(m.sampleNoise).toBeUndefined();
    expect(m.modelKeys).toEqual({
      generatorInput: 'real_a',
      generatorOutput: 'fake_b',
      discriminatorInput: 'real_a+b',
      generatorInputShape: [size, size, 1],
      generatorOutputShape: [size, size, 3],
      discriminatorInputShape: [size, size, 4],
      discriminatorOutputShape: [grid, grid, 1],
    });
    const realA = tf.randomUniform([2, size, size, 1], -1, 1, 'float32', 1) as tf.Tensor4D;
    const fakeB = m.generator.apply(realA) as tf.Tensor4D;
    const pair = pairInput(realA, fakeB);
    const logits = m.discriminator.apply(pair) as tf.Tensor;
    expect([fakeB.shape, pair.shape, logits.shape]).toEqual([[2, size, size, 3], [2, size, size, 4], [2, grid, grid, 1]]);
    tf.dispose([realA, fakeB, pair, logits]);
    m.dispose();
  });

  it('reaches a 1 x 1 bottleneck: 5 stride-2 convs at 32 px, and the decoder concatenates each skip', () => {
    const m = buildModels(small);
    const convs = m.generator.layers.filter((l) => l.getClassName() === 'Conv2D');
    expect(convs.map((l) => (l.outputShape as number[]).slice(1))).toEqual([[16, 16, 1], [8, 8, 2], [4, 4, 4], [2, 2, 8], [1, 1, 8]]);
    // Encoder filters w, 2w, 4w, 8w, 8w; each decoder stage reads its input plus the skip.
    const encoder = convParams(4, 1, 1) + convParams(4, 1, 2) + convParams(4, 2, 4) + convParams(4, 4, 8) + convParams(4, 8, 8);
    const decoder = convParams(4, 8, 8) + convParams(4, 8 + 8, 4) + convParams(4, 4 + 4, 2) + convParams(4, 2 + 2, 1) + convParams(4, 1 + 1, 3);
    expect(m.generator.countParams()).toBe(encoder + decoder);
    // PatchGAN on the 1 + 3 channel pair: w, 2w, 4w filters, then one logit channel.
    expect(m.discriminator.countParams()).toBe(convParams(4, 4, 1) + convParams(4, 1, 2) + convParams(4, 2, 4) + convParams(4, 4, 1));
    m.dispose();
  });

  it('gives the same weights for the same seed', async () => {
    const [a, b, c] = [3, 3, 4].map((seed) => buildModels({ ...small, seed }));
    expect(await weightValues(a!.generator)).toEqual(await weightValues(b!.generator));
    expect(await weightValues(a!.discriminator)).toEqual(await weightValues(b!.discriminator));
    expect(await weightValues(a!.discriminator)).not.toEqual(await weightValues(c!.discriminator));
    [a, b, c].forEach((m) => m!.dispose());
  });

  it.each(['none', 'batch', 'layer'] as const)('R1 and GP on (A, B) pairs reach every kernel, D norm %s', (dNorm) => {
    const m = buildModels({ ...small, width: 2, dNorm, seed: 5 });
    const realA = tf.randomUniform([2, 32, 32, 1], -1, 1, 'float32', 2) as tf.Tensor4D;
    const realB = tf.randomUniform([2, 32, 32, 3], -1, 1, 'float32', 3) as tf.Tensor4D;
    const fakeB = m.generator.apply(realA) as tf.Tensor4D;
    const real = pairInput(realA, realB);
    const fake = pairInput(realA, fakeB);
    expectPenaltiesReachKernels(m, real, fake);
    tf.dispose([realA, realB, fakeB, real, fake]);
    m.dispose();
  });

  it('leaks no tensor in a forward pass (batch norm in both networks)', () => {
    const m = buildModels({ ...small, gNorm: 'batch', dNorm: 'batch' });
    const realA = tf.randomUniform([2, 32, 32, 1]) as tf.Tensor4D;
    expectForwardLeaksNothing(m, realA, (fakeB) => pairInput(realA, fakeB as tf.Tensor4D));
    realA.dispose();
    m.dispose();
  });
});
