import { describe, expect, it } from 'vitest';
import { builtinSpec } from '../../src/manager/builtinSpecs';
import { resolveModelConfig } from '../../src/engine/models/config';
import { estimateTrainingMemory } from '../../src/engine/models/memory';
import type { RunSettings } from '../../src/protocol/messages';
import { defaultSettings, FAMILIES } from '../../src/protocol/presets';
import { fieldIssues, MEMORY_BUDGET_BYTES, parseRunSettings, RUN_LIMITS, RunSettingsError, validateRunSettings } from '../../src/protocol/runSettings';
import { MAX_ISSUES, MAX_ISSUE_CHARS } from '../../src/protocol/settingsIssues';

const toy = defaultSettings('toy');

/** The issues of settings that must fail, as "path: message" lines. */
function problems(settings: unknown): string[] {
  const result = validateRunSettings(settings);
  if (result.ok) throw new Error('expected the settings to be refused');
  return result.issues.map((issue) => `${issue.path}: ${issue.message}`);
}

describe('validateRunSettings: the findings of issue 11', () => {
  it.each(FAMILIES)("accepts the page's defaults for %s", (family) => {
    expect(validateRunSettings(defaultSettings(family))).toEqual({ ok: true, settings: defaultSettings(family) });
  });

  it('spec: null is refused at "spec" (the page threw and four panels crashed)', () => {
    expect(problems({ ...toy, spec: null })).toEqual(['spec: must be an object with a "losses" list']);
    expect(problems({ ...toy, spec: undefined })).toEqual(['spec: must be an object with a "losses" list']);
  });

  it('model: null is refused at "model" (was "Cannot read properties of null (reading \'seed\')")', () => {
    expect(problems({ ...toy, model: null })).toEqual(['model: must be an object (the model config; {} for the defaults), got null']);
  });

  it('a negative learning rate names optimizers.G (was a raw zod issue dump)', () => {
    expect(problems({ ...toy, optimizers: { ...toy.optimizers, G: { type: 'adam', learningRate: -1 } } })).toEqual([
      'optimizers.G.learningRate: must be > 0, got -1',
    ]);
  });

  it('backend: "evil" is refused (was ignored silently)', () => {
    expect(problems({ ...toy, backend: 'evil' })).toEqual(['backend: must be one of webgpu, webgl, wasm, cpu, got "evil"']);
  });

  it('metricsEvery: a whole number from 0, at its field path', () => {
    expect(validateRunSettings({ ...toy, metricsEvery: 200 }).ok).toBe(true);
    expect(validateRunSettings({ ...toy, metricsEvery: 0 }).ok).toBe(true);
    expect(problems({ ...toy, metricsEvery: -1 })).toEqual([expect.stringMatching(/^metricsEvery: must be a whole number from 0 to 1,000,000,000/)]);
    expect(problems({ ...toy, metricsEvery: 1.5 })).toEqual([expect.stringMatching(/^metricsEvery: must be a whole number/)]);
    expect(problems({ ...toy, metricsEvery: '200' })).toEqual([expect.stringMatching(/^metricsEvery: /)]);
  });

  it('dSteps = gSteps = 0 is refused: nothing would train', () => {
    expect(problems({ ...toy, dSteps: 0, gSteps: 0 })).toEqual(['dSteps: both dSteps and gSteps are 0: nothing would train; set either to 1 or more']);
    expect(validateRunSettings({ ...toy, dSteps: 0 }).ok).toBe(true);
  });

  it('the links that crashed the run controls: optimizers null, no optimizers.G, data null', () => {
    expect(problems({ ...toy, optimizers: null })).toEqual(['optimizers: must be an object with a G and a D optimizer, got null']);
    expect(problems({ ...toy, optimizers: { D: toy.optimizers.D } })).toEqual([
      'optimizers.G: must be an optimizer, e.g. {"type": "adam", "learningRate": 0.0002}, got nothing (the field is missing)',
    ]);
    expect(problems({ ...toy, data: null })).toEqual(['data: must be an object (the data config; {} for the defaults), got null']);
  });

  it('names unknown keys, top-level and nested, __proto__ included, without touching Object.prototype', () => {
    const settings = JSON.parse(`{"__proto__": {"polluted": 1}, ${JSON.stringify(toy).slice(1, -1)}, "extra": 1}`);
    settings.optimizers.G.momentum = 0.9;
    expect(problems(settings)).toEqual([
      'optimizers.G.momentum: not a setting of adam (it takes learningRate, beta1, beta2, epsilon), got 0.9',
      expect.stringMatching(/^__proto__: unknown field; expected one of family, model, data, spec, optimizers, batchSize, /),
      'extra: unknown field; expected one of family, model, data, spec, optimizers, batchSize, dSteps, gSteps, seed, backend, parallelCompile, stepsPerEpoch, gradEvery, gradLayers, metricsEvery, ema, alarms, stopAtStep',
    ]);
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
  });

  it("checks the spec with validateLossSpec, at its paths under spec.", () => {
    const spec = builtinSpec('toy/log-loss');
    const bad = { ...spec, losses: [{ ...spec.losses[0]!, name: 'has space' }, { ...spec.losses[1]!, loss_weight: -2 }, ...spec.losses.slice(2)] };
    expect(problems({ ...toy, spec: bad })).toEqual([
      'spec.losses[0].name: must be a name of letters, digits, _ . - (got "has space")',
      'spec.losses[1].loss_weight: must be a finite number >= 0 (got -2)',
    ]);
  });

  it("checks the model's and the data's fields with the engine's own checks, named model.* and data.*", () => {
    expect(problems({ ...toy, model: { units: 0, layers: 2 } })).toEqual(['model.units: expected an integer from 1 to 512, got 0']);
    expect(problems({ ...toy, model: { widht: 3 } })).toEqual([
      'model.widht: unknown field; expected one of family, layers, units, gLayers, gUnits, dLayers, dUnits, activation, noiseDim, noise, output, seed',
    ]);
    expect(problems({ ...toy, data: { kind: 'ring', radius: 3 } })).toEqual(['data.radius: must be <= 1 (got 3)']);
    const dcgan = defaultSettings('dcgan');
    expect(problems({ ...dcgan, data: { digits: 'abc', colour: true } })).toEqual([
      'data.colour: unknown field; expected digits',
      'data.digits: must be a non-empty list of digits 0 to 9, got "abc"',
    ]);
    const pix2pix = defaultSettings('pix2pix');
    expect(problems({ ...pix2pix, data: { task: 'edges-to-cats' } })).toEqual([
      'data.task: must be one of edges-to-shapes, gray-to-colour, got "edges-to-cats" (tasks: edges-to-shapes, gray-to-colour)',
    ]);
    expect(problems({ ...pix2pix, data: { task: 'edges-to-shapes', size: 64 } })).toEqual(["data.size: the task's size must match the model's (32), got 64"]);
    expect(problems({ ...pix2pix, data: { images: [] } })).toEqual(['data.images: load at least one A|B image']);
    const share = (heldOutShare: unknown) => problems({ ...pix2pix, data: { images: [{}], heldOutShare } });
    expect(validateRunSettings({ ...pix2pix, model: { ...pix2pix.model, channelsA: 3 }, data: { images: [{}], heldOutShare: 0.2 } }).ok).toBe(true);
    expect(share(0.6)).toEqual(['data.heldOutShare: the share of your images kept out of training to measure quality on: a number from 0 to 0.5, got 0.6']);
    expect(share(Number.NaN)).toHaveLength(1);
    expect(share('0.1')).toHaveLength(1);
    expect(problems({ ...pix2pix, data: { images: [{}], __proto__x: 1 } })[0]).toMatch(/^data\.__proto__x: unknown field/);
  });

  it('refuses a seed the models cannot use, once (not again as model.seed)', () => {
    expect(problems({ ...toy, seed: -1 })).toEqual(['seed: must be a whole number from 0 to 2,147,483,647, got -1']);
  });
});

describe('validateRunSettings: batch and model size', () => {
  it('has a hard bound on batchSize (1e7 trapped wasm; 1e6 trained at a step a minute)', () => {
    expect(problems({ ...toy, batchSize: 1e7 })).toEqual(['batchSize: must be a whole number from 1 to 65,536, got 10000000']);
    expect(problems({ ...toy, batchSize: RUN_LIMITS.batchSize + 1 })).toHaveLength(1);
    expect(validateRunSettings({ ...toy, batchSize: RUN_LIMITS.batchSize }).ok).toBe(true);
  });

  it('estimates a step from the weights, the optimizers and the activations (visible arithmetic)', () => {
    // G: dense 2->3 (9 params, 3 out), relu (3), dense 3->2 (8 params, 2 out); input 2.
    // D: dense 2->3 (9, 3), relu (3), dense 3->1 (4, 1); input 2.
    const config = resolveModelConfig({ family: 'toy', layers: 1, units: 3, noiseDim: 2, output: 'linear' });
    const estimate = estimateTrainingMemory(config, 10, { G: { type: 'adam' }, D: { type: 'sgd' } });
    // Each parameter: the weight and its gradient, plus Adam's 2 moments (G) or nothing (SGD, D).
    expect(estimate.fixedBytes).toBe(4 * (17 * (2 + 2) + 13 * 2));
    // 10 floats per activation per sample: G's 8 outputs, D's 7 twice (real and fake), both inputs.
    expect(estimate.perSampleBytes).toBe(4 * 10 * (8 + 2 * 7 + 2 + 2));
    expect(estimate.bytes).toBe(estimate.fixedBytes + 10 * estimate.perSampleBytes);
    // SGD with momentum keeps 1 value per weight, RMSprop 2 (mean square and moment).
    const slots = estimateTrainingMemory(config, 10, { G: { type: 'sgd', momentum: 0.9 }, D: { type: 'rmsprop' } });
    expect(slots.fixedBytes).toBe(4 * (17 * (2 + 1) + 13 * (2 + 2)));
  });

  it('refuses a batch over the memory budget at batchSize, with the largest batch that fits; that one is accepted', () => {
    const dcgan = defaultSettings('dcgan');
    const estimate = estimateTrainingMemory(resolveModelConfig({ ...dcgan.model, family: 'dcgan' }), 1, dcgan.optimizers);
    const fits = Math.floor((MEMORY_BUDGET_BYTES - estimate.fixedBytes) / estimate.perSampleBytes);
    expect(fits).toBeGreaterThan(dcgan.batchSize);
    expect(fits).toBeLessThan(RUN_LIMITS.batchSize);
    const [problem] = problems({ ...dcgan, batchSize: fits + 1 });
    expect(problem).toMatch(new RegExp(`^batchSize: a training step at batch ${(fits + 1).toLocaleString('en-US')} would need about [\\d,]+ MiB, more than the 1,024 MiB budget`));
    expect(problem).toContain(`lower batchSize to at most ${fits.toLocaleString('en-US')}`);
    expect(validateRunSettings({ ...dcgan, batchSize: fits }).ok).toBe(true);
  });

  it('refuses a model whose weights alone exceed the budget at "model", naming the field to lower', () => {
    const pix2pix = defaultSettings('pix2pix');
    const [problem, ...rest] = problems({ ...pix2pix, model: { ...pix2pix.model, size: 64, width: 256 }, batchSize: 1 });
    expect(rest).toEqual([]);
    expect(problem).toMatch(/^model: a training step would need about [\d,]+ MiB \([\d,]+ MiB for the weights, .*more than the 1,024 MiB budget; lower model\.width \(or model\.size\)$/);
  });
});

describe('validateRunSettings: hostile values', () => {
  it('bounds the issues and their text: a spec with 1,000 bad losses gives a short message', () => {
    const losses = Array.from({ length: 1000 }, (_, i) => ({ name: `x${i}`, type: 'L1Loss', tags: ['nope'], loss_weight: -1 }));
    const result = validateRunSettings({ ...toy, spec: { losses } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(MAX_ISSUES);
    // Two problems per loss (its weight and its tags), all counted.
    expect(result.omitted).toBe(2 * 1000 - MAX_ISSUES);
    expect(result.message).toMatch(/^spec\.losses\[0\]\.loss_weight: .*\(and \d+ more\)$/);
    expect(result.message.length).toBeLessThan(6 * MAX_ISSUE_CHARS);
  });

  it('cuts one long message to MAX_ISSUE_CHARS', () => {
    const result = validateRunSettings({ ...toy, [`k${'x'.repeat(10_000)}`]: 1 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]!.path.length).toBeLessThanOrEqual(MAX_ISSUE_CHARS);
  });

  it('never throws: circular, very deep and BigInt values are refused with a path', () => {
    const circular: Record<string, unknown> = { kind: 'ring' };
    circular.self = circular;
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(problems({ ...toy, data: circular })).toEqual(['data: unknown key "self" (a ring target takes kind, modes, radius, std)']);
    expect(problems({ ...toy, spec: { losses: [deep] } })[0]).toMatch(/^spec/);
    expect(problems({ ...toy, seed: 10n })).toEqual(['seed: must be a whole number from 0 to 2,147,483,647, got 10n']);
    // The engine's own model check may not show such a value: the problem is still named, at model.
    expect(problems({ ...toy, model: { units: deep } })).toEqual([expect.stringMatching(/^model(\.units)?: /)]);
  });

  it('refuses what is not settings at all', () => {
    expect(problems(null)).toEqual(['(settings): must be an object of run settings (family, model, data, spec, optimizers, ...), got null']);
    expect(() => parseRunSettings([])).toThrow(RunSettingsError);
  });
});

describe('fieldIssues: one field on its own', () => {
  it('checks a field against the same schema, and names unknown ones', () => {
    expect(fieldIssues('batchSize', 1e7)).toEqual([{ path: 'batchSize', message: 'must be a whole number from 1 to 65,536, got 10000000' }]);
    expect(fieldIssues('optimizers', { G: { type: 'adam', learningRate: 0 }, D: toy.optimizers.D })).toEqual([
      { path: 'optimizers.G.learningRate', message: 'must be > 0, got 0' },
    ]);
    expect(fieldIssues('backend', undefined)).toEqual([]);
    expect(fieldIssues('batchsize', 8)).toEqual([{ path: 'batchsize', message: expect.stringMatching(/^unknown field; expected one of family, /) }]);
    // The spec editor keeps drafts that do not validate yet: the spec is checked at Start.
    expect(fieldIssues('spec', null)).toEqual([]);
  });
});

describe('parseRunSettings', () => {
  it('returns valid settings as they are, and throws the problems with their paths', () => {
    const settings: RunSettings = { ...toy, stepsPerEpoch: 500, parallelCompile: false, backend: 'wasm' };
    expect(parseRunSettings(settings)).toBe(settings);
    expect(() => parseRunSettings({ ...toy, batchSize: 0, backend: 'evil' })).toThrow(
      'the run settings are not valid: batchSize: must be a whole number from 1 to 65,536, got 0; backend: must be one of webgpu, webgl, wasm, cpu, got "evil"',
    );
  });
});
