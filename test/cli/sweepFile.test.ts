import { describe, expect, it } from 'vitest';
import { FAMILY_DEFAULTS } from '../../src/cli/settings';
import { expandSweep, parseSweepFile, SweepError, variantName } from '../../src/cli/sweep/sweepFile';
import { finalValue, finalValues, summaryCsv } from '../../src/cli/sweep/summary';
import { builtinSpec } from '../../src/manager';
import type { RunSettings } from '../../src/protocol/messages';

const base: RunSettings = { ...FAMILY_DEFAULTS.pix2pix, family: 'pix2pix', spec: builtinSpec('pix2pix/basic') };
const weightOf = (s: RunSettings, name: string) => s.spec.losses.find((l) => l.name === name)?.loss_weight;
const problem = (json: unknown, settings: RunSettings = base) => {
  try {
    expandSweep(parseSweepFile(json), settings);
  } catch (error) {
    if (error instanceof SweepError) return error.message;
    throw error;
  }
  return null;
};

describe('a sweep file', () => {
  it("expands the issue's example into 6 variants: axes outermost in file order, seeds innermost, named by their values", () => {
    const variants = expandSweep(parseSweepFile({ base: 'pix2pix/basic', axes: { 'losses.G_L1.loss_weight': [1, 10, 100] }, seeds: [1, 2], steps: 2000 }), base);
    expect(variants.map((v) => v.name)).toEqual([
      'G_L1.loss_weight=1_seed=1',
      'G_L1.loss_weight=1_seed=2',
      'G_L1.loss_weight=10_seed=1',
      'G_L1.loss_weight=10_seed=2',
      'G_L1.loss_weight=100_seed=1',
      'G_L1.loss_weight=100_seed=2',
    ]);
    expect(variants.map((v) => [weightOf(v.settings, 'G_L1'), v.settings.seed])).toEqual([[1, 1], [1, 2], [10, 1], [10, 2], [100, 1], [100, 2]]);
    // The base is not touched, and the other losses keep their weights.
    expect(weightOf(base, 'G_L1')).toBe(100);
    expect(variants.every((v) => weightOf(v.settings, 'G_GAN') === weightOf(base, 'G_GAN'))).toBe(true);
  });

  it('two axes: 2 x 2 x 1 seed, the first axis outermost; a settings path; no seeds: the base seed', () => {
    const variants = expandSweep(parseSweepFile({ base: 'x', axes: { 'optimizers.G.learningRate': [1e-4, 2e-4], dSteps: [1, 2] }, steps: 10 }), base);
    expect(variants.map((v) => v.name)).toEqual([
      'optimizers.G.learningRate=0.0001_dSteps=1_seed=0',
      'optimizers.G.learningRate=0.0001_dSteps=2_seed=0',
      'optimizers.G.learningRate=0.0002_dSteps=1_seed=0',
      'optimizers.G.learningRate=0.0002_dSteps=2_seed=0',
    ]);
    expect(variants[3]!.settings.optimizers.G.learningRate).toBe(2e-4);
    expect(variants[3]!.settings.optimizers.D.learningRate).toBe(base.optimizers.D.learningRate);
    expect(variants[3]!.settings.dSteps).toBe(2);
  });

  it('addresses losses by name, dots and __proto__ included', () => {
    const spec = { losses: [...base.spec.losses.map((l) => (l.name === 'G_L1' ? { ...l, name: 'G.L1' } : l)), { ...base.spec.losses.find((l) => l.name === 'G_L1')!, name: '__proto__' }] };
    const settings = { ...base, spec };
    const variants = expandSweep(parseSweepFile({ base: 'x', axes: { 'losses.G.L1.loss_weight': [3], 'losses.__proto__.loss_weight': [7] }, steps: 1 }), settings);
    expect(weightOf(variants[0]!.settings, 'G.L1')).toBe(3);
    expect(weightOf(variants[0]!.settings, '__proto__')).toBe(7);
    expect(({} as Record<string, unknown>).loss_weight).toBeUndefined();
  });

  it('names what is wrong and where', () => {
    expect(problem({ axes: {}, steps: 1 })).toBe('base: must be a built-in spec name, a path to a spec or settings file, or a settings object');
    expect(problem({ base: 'x', steps: 0 })).toBe('steps: must be a whole number >= 1');
    expect(problem({ base: 'x', steps: 1, extra: 1 })).toMatch(/^sweep: Unrecognized key: "extra"/);
    expect(problem({ base: 'x', steps: 1, axes: { 'losses.G_L1.loss_weight': [1, 'ten'] } })).toBe('axes["losses.G_L1.loss_weight"][1]: Invalid input: expected number, received string');
    expect(problem({ base: 'x', steps: 1, axes: { 'losses.G_L1.loss_weight': [] } })).toBe('axes["losses.G_L1.loss_weight"]: must list at least one value');
    expect(problem({ base: 'x', steps: 1, axes: { 'losses.G_L2.loss_weight': [1] } })).toBe(
      'axes["losses.G_L2.loss_weight"]: names no loss of the base spec (losses: G_GAN, G_L1, D_real, D_fake); write losses.<loss name>.<field>, e.g. losses.G_GAN.loss_weight',
    );
    expect(problem({ base: 'x', steps: 1, axes: { 'optimizers.X.learningRate': [1] } })).toMatch(/^axes\["optimizers.X.learningRate"\]: no such field in the run settings/);
    expect(problem({ base: 'x', steps: 1, axes: { 'losses.G_GAN.gan_type': [1] } })).toBe('axes["losses.G_GAN.gan_type"]: the field holds "vanilla", not a number; an axis sweeps numbers');
    expect(problem({ base: 'x', steps: 1, axes: { dSteps: [1, 1] } })).toBe('axes["dSteps"]: a value is listed twice');
    expect(problem({ base: 'x', steps: 1, seeds: [1, 1] })).toBe('seeds: a seed is listed twice');
    expect(problem({ base: 'x', steps: 1, axes: { dSteps: [1, -1] } })).toMatch(/^variant dSteps=-1_seed=0: dSteps: /);
    const many = Array.from({ length: 40 }, (_, i) => i + 1);
    expect(problem({ base: 'x', steps: 1, axes: { 'losses.G_L1.loss_weight': many, 'losses.G_GAN.loss_weight': many } })).toBe('the sweep expands to 1600 variants; at most 1000');
  });

  it('folder names keep to letters, digits and . _ = -', () => {
    expect(variantName(new Map([['losses.G L1/x.loss_weight', 1e-7]]), 3)).toBe('G-L1-x.loss_weight=1e-7_seed=3');
  });
});

describe('the summary', () => {
  it('a final value is the mean of the last 10% of values (1 to 100 of them)', () => {
    expect(finalValue([5])).toBe(5);
    expect(finalValue(Array.from({ length: 20 }, (_, i) => i))).toBe((18 + 19) / 2);
    expect(finalValue(Array.from({ length: 5000 }, (_, i) => i))).toBe((4900 + 4999) / 2);
    expect(finalValue([])).toBeNaN();
  });

  it("reads a loss log's losses and metric series, not its gradient series", () => {
    const log = {
      LOSSMANAGER_LOG: {
        device: 'cpu', dataroot: '', dataset_length: 0, experiment: 'x',
        loss_functions: { G_GAN: { loss: [1, 2, 3], weights: [1, 1, 1], steps: [0, 1, 2] } },
        series: { 'metric/JS': { values: [0.5, 0.25], steps: [0, 2] }, 'grad/G': { values: [9], steps: [0] } },
      },
    };
    const { final, step } = finalValues(JSON.stringify(log), 'test');
    expect({ ...final }).toEqual({ G_GAN: 3, 'metric/JS': 0.25 });
    expect(step).toBe(2);
  });

  it('writes one CSV row per variant, quoting what needs it', () => {
    const csv = summaryCsv(
      [
        { name: 'a=1_seed=0', values: { a: 1 }, seed: 0, status: 'done', step: 9, final: { G_GAN: 0.5 } },
        { name: 'a=2_seed=0', values: { a: 2 }, seed: 0, status: 'failed', exitCode: 3, final: { 'x,y': 1 } },
      ],
      ['a'],
    );
    expect(csv).toBe('name,a,seed,status,step,final G_GAN,"final x,y"\na=1_seed=0,1,0,done,9,0.5,\na=2_seed=0,2,0,failed,,,1\n');
  });
});
