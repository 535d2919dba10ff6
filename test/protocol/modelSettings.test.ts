// The page's model and optimizer fields (issue 15): each refused at its path with the reason,
// hostile values included, by the one check the page, the CLI and the worker use.
import { describe, expect, it } from 'vitest';
import { resolveModelConfig } from '../../src/engine/models/config';
import type { RunSettings } from '../../src/protocol/messages';
import { OPTIMIZER_TYPES, withOptimizerType, type OptimizerConfig } from '../../src/protocol/optimizerConfig';
import { defaultSettings } from '../../src/protocol/presets';
import { fieldIssues, validateRunSettings } from '../../src/protocol/runSettings';

const toy = defaultSettings('toy');

function problems(settings: unknown): string[] {
  const result = validateRunSettings(settings);
  return result.ok ? [] : result.issues.map((issue) => `${issue.path}: ${issue.message}`);
}

const withG = (G: unknown): unknown => ({ ...toy, optimizers: { ...toy.optimizers, G } });
const withD = (D: unknown): unknown => ({ ...toy, optimizers: { ...toy.optimizers, D } });
const withModel = (settings: RunSettings, model: Record<string, unknown>): unknown => ({ ...settings, model: { ...settings.model, ...model } });

describe('optimizer fields', () => {
  it('accepts each kind with its own settings', () => {
    const configs: OptimizerConfig[] = [
      { type: 'adam', learningRate: 1e-3, beta1: 0, beta2: 0.99, epsilon: 1e-8 },
      // No upper bound on the rate: one that blows up stops the run at its first non-finite loss.
      { type: 'sgd', learningRate: 1e30 },
      { type: 'sgd', learningRate: 0.1, momentum: 0.9 },
      { type: 'rmsprop', learningRate: 1e-3, decay: 0.99, momentum: 0, epsilon: 1 },
    ];
    for (const config of configs) expect(problems(withD(config))).toEqual([]);
  });

  it.each([
    ['learningRate', Number.NaN, 'must be a number, got NaN'],
    ['learningRate', -0.1, 'must be > 0, got -0.1'],
    ['learningRate', Number.POSITIVE_INFINITY, 'must be a number, got Infinity'],
    ['learningRate', '0.1', 'must be a number, got "0.1"'],
    ['beta1', 1, 'must be >= 0 and < 1, got 1'],
    ['beta2', -1e-9, 'must be >= 0 and < 1, got -1e-9'],
    ['epsilon', 0, 'must be > 0 and at most 1, got 0'],
    ['epsilon', 2, 'must be > 0 and at most 1, got 2'],
  ])('Adam: %s = %j is refused at optimizers.G.%s: %s', (field, value, message) => {
    expect(problems(withG({ type: 'adam', learningRate: 0.01, [field]: value }))).toEqual([`optimizers.G.${field}: ${message}`]);
  });

  it.each([
    ['decay', 1, 'must be >= 0 and < 1, got 1'],
    ['decay', null, 'must be a number, got null'],
    ['momentum', -0.5, 'must be >= 0 and < 1, got -0.5'],
    ['momentum', 1e9, 'must be >= 0 and < 1, got 1000000000'],
    ['epsilon', Number.NaN, 'must be a number, got NaN'],
  ])('RMSprop: %s = %j is refused at optimizers.D.%s: %s', (field, value, message) => {
    expect(problems(withD({ type: 'rmsprop', learningRate: 0.01, [field]: value }))).toEqual([`optimizers.D.${field}: ${message}`]);
  });

  it("refuses another kind's field, naming what the kind takes, and an unknown kind", () => {
    expect(problems(withD({ type: 'sgd', learningRate: 0.01, beta1: 0.5, decay: 0.9 }))).toEqual([
      'optimizers.D.beta1: not a setting of sgd (it takes learningRate, momentum), got 0.5',
      'optimizers.D.decay: not a setting of sgd (it takes learningRate, momentum), got 0.9',
    ]);
    expect(problems(withG({ type: 'adagrad', learningRate: 0.01 }))).toEqual(['optimizers.G.type: must be one of adam, sgd, rmsprop, got "adagrad"']);
    expect(problems(withG({ type: '__proto__', learningRate: 0.01 }))).toEqual(['optimizers.G.type: must be one of adam, sgd, rmsprop, got "__proto__"']);
  });

  it('names __proto__ and toString keys as unknown fields without touching Object.prototype', () => {
    const G = JSON.parse('{"type": "sgd", "learningRate": 0.1, "__proto__": {"momentum": 0.9}, "toString": 1}');
    expect(problems(withG(G))).toEqual([
      'optimizers.G.__proto__: unknown field; expected one of type, learningRate, beta1, beta2, epsilon, momentum, decay',
      'optimizers.G.toString: unknown field; expected one of type, learningRate, beta1, beta2, epsilon, momentum, decay',
    ]);
    expect(({} as { momentum?: number }).momentum).toBeUndefined();
  });

  it('fieldIssues checks the optimizers field on its own, as the page does at the field', () => {
    expect(fieldIssues('optimizers', { G: toy.optimizers.G, D: { type: 'rmsprop', learningRate: 0.01, decay: 2 } })).toEqual([
      { path: 'optimizers.D.decay', message: 'must be >= 0 and < 1, got 2' },
    ]);
  });

  it('withOptimizerType keeps the rate and what the new kind shares, and the result is valid', () => {
    const rms: OptimizerConfig = { type: 'rmsprop', learningRate: 0.003, decay: 0.8, momentum: 0.4, epsilon: 1e-5 };
    expect(withOptimizerType(rms, 'sgd')).toEqual({ type: 'sgd', learningRate: 0.003, momentum: 0.4 });
    expect(withOptimizerType(rms, 'adam')).toEqual({ type: 'adam', learningRate: 0.003, epsilon: 1e-5 });
    expect(withOptimizerType({ type: 'adam', learningRate: 2e-4, beta1: 0.5 }, 'rmsprop')).toEqual({ type: 'rmsprop', learningRate: 2e-4 });
    for (const type of OPTIMIZER_TYPES) expect(problems(withG(withOptimizerType(rms, type)))).toEqual([]);
  });
});

describe('toy model fields', () => {
  it('sets G and D apart, each falling back to layers and units', () => {
    expect(resolveModelConfig({ family: 'toy', layers: 3, units: 8, gUnits: 32, dLayers: 1 })).toMatchObject({ gLayers: 3, gUnits: 32, dLayers: 1, dUnits: 8 });
    expect(resolveModelConfig({ family: 'toy' })).toMatchObject({ gLayers: 2, gUnits: 16, dLayers: 2, dUnits: 16 });
  });

  it.each([
    ['gLayers', 0, 'expected an integer from 1 to 8, got 0'],
    ['gLayers', 9, 'expected an integer from 1 to 8, got 9'],
    ['dLayers', 2.5, 'expected an integer from 1 to 8, got 2.5'],
    ['gUnits', Number.NaN, 'expected an integer from 1 to 512, got NaN'],
    ['dUnits', -16, 'expected an integer from 1 to 512, got -16'],
    ['dUnits', 1e12, 'expected an integer from 1 to 512, got 1000000000000'],
    ['gUnits', '16', 'expected an integer from 1 to 512, got "16"'],
    ['noiseDim', 0, 'expected an integer from 1 to 64, got 0'],
    ['noise', 'normal', 'expected one of "uniform", "gaussian", got "normal"'],
    ['noise', '__proto__', 'expected one of "uniform", "gaussian", got "__proto__"'],
  ])('%s = %j is refused at model.%s: %s', (field, value, message) => {
    expect(problems(withModel(toy, { [field]: value }))).toEqual([`model.${field}: ${message}`]);
  });

  it('names a __proto__ key in the model config', () => {
    const model = JSON.parse('{"gLayers": 2, "__proto__": {"gUnits": 9}}');
    expect(problems({ ...toy, model })).toEqual([expect.stringMatching(/^model\.__proto__: unknown field; expected one of family, layers, units, gLayers, /)]);
  });
});

describe('DCGAN and pix2pix model fields', () => {
  const dcgan = defaultSettings('dcgan');
  const pix2pix = defaultSettings('pix2pix');

  it.each([
    ['width', 0, 'expected an integer from 1 to 256, got 0'],
    ['depth', 5, 'expected an integer from 0 to 4, got 5'],
    ['noiseDim', 1e6, 'expected an integer from 1 to 1024, got 1000000'],
    ['gNorm', 'layer', 'expected one of "batch", "none", got "layer"'],
    ['dNorm', null, 'expected one of "batch", "layer", "none", got null'],
  ])('DCGAN %s = %j is refused at model.%s: %s', (field, value, message) => {
    expect(problems(withModel(dcgan, { [field]: value }))).toEqual([`model.${field}: ${message}`]);
  });

  it('pix2pix: dLayers is bounded by the size (a grid of logits), the size by the list', () => {
    expect(problems(withModel(pix2pix, { dLayers: 5 }))).toEqual(['model.dLayers: expected an integer from 1 to 4, got 5']);
    expect(problems(withModel(pix2pix, { size: 64, dLayers: 5 }))).toEqual([]);
    expect(problems(withModel(pix2pix, { size: 48 }))).toEqual(['model.size: expected one of 32, 64, got 48']);
  });

  it('a width whose step does not fit in memory is refused at model or batchSize, naming what to lower', () => {
    expect(problems(withModel(dcgan, { width: 256 }))).toEqual([expect.stringMatching(/^(model|batchSize): a training step .*would need about [\d,]+ MiB/)]);
  });
});

describe('stepsPerEpoch', () => {
  it.each([
    [0, 'must be a whole number from 1 to 1,000,000,000, got 0'],
    [-5, 'must be a whole number from 1 to 1,000,000,000, got -5'],
    [1.5, 'must be a whole number from 1 to 1,000,000,000, got 1.5'],
    [Number.NaN, 'must be a whole number from 1 to 1,000,000,000, got NaN'],
    [1e10, 'must be a whole number from 1 to 1,000,000,000, got 10000000000'],
    ['100', 'must be a whole number from 1 to 1,000,000,000, got "100"'],
  ])('%j is refused at stepsPerEpoch', (value, message) => {
    expect(problems({ ...toy, stepsPerEpoch: value })).toEqual([`stepsPerEpoch: ${message}`]);
    expect(fieldIssues('stepsPerEpoch', value)).toEqual([{ path: 'stepsPerEpoch', message }]);
  });

  it('is optional, and any whole number in range goes', () => {
    expect(problems({ ...toy, stepsPerEpoch: 1 })).toEqual([]);
    expect(fieldIssues('stepsPerEpoch', undefined)).toEqual([]);
  });
});
