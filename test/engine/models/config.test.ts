import { describe, expect, it } from 'vitest';
import { buildModels, ModelConfigError, resolveModelConfig, type ModelConfig } from '../../../src/engine/models';

describe('model configs', () => {
  it('fill in each family defaults', () => {
    expect(resolveModelConfig({ family: 'toy' })).toEqual({
      family: 'toy',
      layers: 2,
      units: 16,
      gLayers: 2,
      gUnits: 16,
      dLayers: 2,
      dUnits: 16,
      activation: 'relu',
      noiseDim: 2,
      noise: 'uniform',
      output: 'tanh',
      seed: 0,
    });
    expect(resolveModelConfig({ family: 'dcgan' })).toEqual({
      family: 'dcgan',
      noiseDim: 64,
      width: 32,
      depth: 0,
      gNorm: 'batch',
      dNorm: 'none',
      seed: 0,
    });
    expect(resolveModelConfig({ family: 'pix2pix' })).toEqual({
      family: 'pix2pix',
      size: 32,
      channelsA: 3,
      channelsB: 3,
      width: 32,
      gNorm: 'batch',
      dNorm: 'none',
      dLayers: 3,
      seed: 0,
    });
  });

  it('survive a JSON round trip unchanged', () => {
    const config = resolveModelConfig({ family: 'pix2pix', size: 64, channelsA: 1 });
    expect(resolveModelConfig(JSON.parse(JSON.stringify(config)))).toEqual(config);
  });

  it.each([
    [{ family: 'gan' }, /^family: expected one of "toy", "dcgan", "pix2pix", got "gan"$/],
    [null, /^family: expected one of .*, got undefined$/],
    [{ family: 'toy', units: 0 }, /^toy\.units: expected an integer from 1 to 512, got 0$/],
    [{ family: 'toy', layers: 1.5 }, /^toy\.layers: expected an integer from 1 to 8, got 1\.5$/],
    [{ family: 'toy', activation: 'elu' }, /^toy\.activation: expected one of "relu", "leakyRelu", "tanh", "sigmoid", got "elu"$/],
    [{ family: 'toy', noise: 'normal' }, /^toy\.noise: expected one of "uniform", "gaussian", got "normal"$/],
    [{ family: 'toy', seed: -1 }, /^toy\.seed: expected an integer from 0 to 2147483647, got -1$/],
    [{ family: 'dcgan', width: '32' }, /^dcgan\.width: expected an integer from 1 to 256, got "32"$/],
    [{ family: 'dcgan', dNorm: 'instance' }, /^dcgan\.dNorm: expected one of "batch", "layer", "none", got "instance"$/],
    [{ family: 'dcgan', gNorm: 'layer' }, /^dcgan\.gNorm: expected one of "batch", "none", got "layer"$/],
    [{ family: 'dcgan', widht: 8 }, /^dcgan\.widht: unknown field; expected one of family, noiseDim, width/],
    [{ family: 'pix2pix', size: 48 }, /^pix2pix\.size: expected one of 32, 64, got 48$/],
    [{ family: 'pix2pix', channelsB: 5 }, /^pix2pix\.channelsB: expected an integer from 1 to 4, got 5$/],
    // A 32 px PatchGAN stops at 4 stride-2 convs, a 2 x 2 grid; 64 px allows 5.
    [{ family: 'pix2pix', dLayers: 5 }, /^pix2pix\.dLayers: expected an integer from 1 to 4, got 5$/],
  ])('reject %j naming the field and what was expected', (config, message) => {
    expect(() => resolveModelConfig(config)).toThrow(ModelConfigError);
    expect(() => resolveModelConfig(config)).toThrow(message);
  });

  it('are checked by buildModels before any layer is built', () => {
    expect(() => buildModels({ family: 'dcgan', depth: 9 } as ModelConfig)).toThrow(/^dcgan\.depth: expected an integer from 0 to 4, got 9$/);
    expect(resolveModelConfig({ family: 'pix2pix', size: 64, dLayers: 5 })).toMatchObject({ dLayers: 5 });
  });
});
