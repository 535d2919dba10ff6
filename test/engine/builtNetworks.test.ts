import { describe, expect, it } from 'vitest';
import { buildModels } from '../../src/engine/models';
import { describeBuilt } from '../../src/engine/builtNetworks';
import { buildOptimizer } from '../../src/engine/optimizers';
import { buildRunSetup } from '../../src/engine/setup';
import { PROTOCOL_VERSION, type RunSettings } from '../../src/protocol/messages';
import { sessionHarness, toySettings } from '../helpers/sessionHarness';

describe("the 'ready' event says what the worker built", () => {
  it('the toy GAN sized apart, SGD with momentum for G and RMSprop for D, as tfjs has them', async () => {
    const settings: RunSettings = {
      ...toySettings,
      model: { gLayers: 3, gUnits: 8, dLayers: 1, dUnits: 4, noiseDim: 2 },
      optimizers: { G: { type: 'sgd', learningRate: 0.05, momentum: 0.9 }, D: { type: 'rmsprop', learningRate: 0.002, decay: 0.8 } },
    };
    const host = { loadMnist: () => Promise.reject(new Error('toy runs need no MNIST')) };
    const { session, waitFor } = sessionHarness({ buildSetup: (s) => buildRunSetup(s, host) });
    await session.handle({ type: 'start', version: PROTOCOL_VERSION, settings });
    const [ready] = await waitFor('ready');
    await session.handle({ type: 'reset' });
    // G: 2 -> 8 -> 8 -> 8 -> 2 (24 + 72 + 72 + 18 weights); D: 2 -> 4 -> 1 (12 + 5).
    expect(ready!.networks).toEqual({
      G: { params: 186, layers: [8, 8, 8, 2], optimizer: 'Momentum', optimizerConfig: { learningRate: 0.05, momentum: 0.9, useNesterov: false } },
      D: { params: 17, layers: [4, 1], optimizer: 'RMSProp', optimizerConfig: { learningRate: 0.002, decay: 0.8, momentum: 0, epsilon: 1e-7, centered: false } },
    });
  });

  it("walks pix2pix's nested blocks for their filters", () => {
    const models = buildModels({ family: 'pix2pix', width: 2, dLayers: 2 });
    const optimizer = buildOptimizer({ type: 'adam', learningRate: 1e-3 });
    const built = describeBuilt(models, () => optimizer);
    // PatchGAN: 2 stride-2 convs (w, 2w), then one to a logit per patch.
    expect(built.D.layers).toEqual([2, 4, 1]);
    expect(built.G.params).toBe(models.generator.countParams());
    expect(built.G.layers.at(-1)).toBe(3);
    models.dispose();
    optimizer.dispose();
  });
});
