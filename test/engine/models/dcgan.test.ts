import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildModels, D_NORMS, type DcganConfig } from '../../../src/engine/models';
import { convParams, denseParams, expectForwardLeaksNothing, expectPenaltiesReachKernels, weightValues } from './modelChecks';

// Width 2 and a 4-d latent keep the cpu backend fast; the arithmetic is the same at any width.
const small: DcganConfig = { family: 'dcgan', noiseDim: 4, width: 2, gNorm: 'none' };

describe('DCGAN', () => {
  it('maps z [N, 64] to [N, 28, 28, 1] in (-1, 1) and images to one logit, at the defaults', async () => {
    const m = buildModels({ family: 'dcgan' });
    expect(m.latentShape).toEqual([64]);
    expect(m.batchNorm).toEqual({ generator: true, discriminator: false });
    const z = m.sampleNoise!(2, 3);
    const images = m.generator.apply(z, { training: true }) as tf.Tensor;
    const logits = m.discriminator.apply(images) as tf.Tensor;
    expect([images.shape, logits.shape]).toEqual([[2, 28, 28, 1], [2, 1]]);
    expect(Math.max(...(await images.abs().data()))).toBeLessThan(1);
    tf.dispose([z, images, logits]);
    m.dispose();
  });

  it('counts parameters layer by layer: dense 7*7*4w, two 4x4 transposed convs; D two 4x4 convs and a dense', () => {
    const w = 2;
    const m = buildModels(small);
    expect(m.generator.countParams()).toBe(denseParams(4, 7 * 7 * 4 * w) + convParams(4, 4 * w, 2 * w) + convParams(4, 2 * w, 1));
    expect(m.discriminator.countParams()).toBe(convParams(4, 1, w) + convParams(4, w, 2 * w) + denseParams(7 * 7 * 2 * w, 1));
    m.dispose();
  });

  it('depth adds a 3x3 conv at each stage of each network', () => {
    const w = 2;
    const m = buildModels({ ...small, depth: 1 });
    expect(m.generator.countParams()).toBe(
      denseParams(4, 7 * 7 * 4 * w) + convParams(3, 4 * w, 4 * w) + convParams(4, 4 * w, 2 * w) + convParams(3, 2 * w, 2 * w) + convParams(4, 2 * w, 1),
    );
    expect(m.discriminator.countParams()).toBe(
      convParams(4, 1, w) + convParams(3, w, w) + convParams(4, w, 2 * w) + convParams(3, 2 * w, 2 * w) + denseParams(7 * 7 * 2 * w, 1),
    );
    m.dispose();
  });

  it('normalized layers drop their bias; batch norm adds gamma, beta and two moving statistics per channel', () => {
    const w = 2;
    const g = buildModels({ ...small, gNorm: 'batch' }).generator;
    const gTrainable = denseParams(4, 7 * 7 * 4 * w, false) + 2 * 7 * 7 * 4 * w + convParams(4, 4 * w, 2 * w, false) + 2 * 2 * w + convParams(4, 2 * w, 1);
    expect(g.countParams()).toBe(gTrainable + 2 * 7 * 7 * 4 * w + 2 * 2 * w);
    const tail = convParams(4, 1, w) + denseParams(7 * 7 * 2 * w, 1);
    const bn = buildModels({ ...small, dNorm: 'batch' }).discriminator;
    expect(bn.countParams()).toBe(tail + convParams(4, w, 2 * w, false) + 4 * 2 * w);
    // Layer norm over H, W and C: a scale and an offset per element of the 7 x 7 x 2w map.
    const ln = buildModels({ ...small, dNorm: 'layer' }).discriminator;
    expect(ln.countParams()).toBe(tail + convParams(4, w, 2 * w, false) + 2 * 7 * 7 * 2 * w);
    [g, bn, ln].forEach((model) => model.dispose());
  });

  it('estimates FLOPs from the layer shapes', () => {
    const w = 2;
    const m = buildModels(small);
    // Transposed convs: per input pixel, k*k*cin*cout multiply-adds; convs: per output pixel.
    const g = 4 * 7 * 7 * 4 * w + 7 * 7 * (16 * 4 * w * 2 * w) + 14 * 14 * (16 * 2 * w * 1);
    const d = 14 * 14 * (16 * 1 * w) + 7 * 7 * (16 * w * 2 * w) + 7 * 7 * 2 * w;
    expect(m.flops).toEqual({ generator: 2 * g, discriminator: 2 * d });
    m.dispose();
  });

  it('gives the same weights for the same seed; a D-only change leaves G as it was', async () => {
    const a = buildModels({ ...small, seed: 7 });
    const b = buildModels({ ...small, seed: 7, dNorm: 'layer' });
    const c = buildModels({ ...small, seed: 8 });
    expect(await weightValues(a.generator)).toEqual(await weightValues(b.generator));
    expect((await weightValues(a.discriminator))[0]).toEqual((await weightValues(b.discriminator))[0]);
    expect(await weightValues(a.generator)).not.toEqual(await weightValues(c.generator));
    [a, b, c].forEach((m) => m.dispose());
  });

  it.each(D_NORMS)('R1 and GP reach every kernel through a D with %s normalization', (dNorm) => {
    const m = buildModels({ ...small, dNorm, depth: 1, seed: 2 });
    const real = tf.randomUniform([2, 28, 28, 1], -1, 1, 'float32', 1);
    const z = m.sampleNoise!(2, 2);
    const fake = m.generator.apply(z) as tf.Tensor;
    expectPenaltiesReachKernels(m, real, fake);
    tf.dispose([real, z, fake]);
    m.dispose();
  });

  it('leaks no tensor in a forward pass, batch norm updates included', () => {
    const m = buildModels({ ...small, gNorm: 'batch', dNorm: 'batch' });
    const z = m.sampleNoise!(2, 0);
    expectForwardLeaksNothing(m, z, (fake) => fake.clone());
    z.dispose();
    m.dispose();
  });
});
