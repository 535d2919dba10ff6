import { describe, expect, it } from 'vitest';
import { resolveModelConfig } from '../../src/engine/models/config';
import { estimateTrainingMemory } from '../../src/engine/models/memory';
import { emaMomentumWarning } from '../../src/protocol/emaSettings';
import { checkMemory } from '../../src/protocol/familySettings';
import { defaultSettings } from '../../src/protocol/presets';
import { fieldIssues, validateRunSettings } from '../../src/protocol/runSettings';

const toy = defaultSettings('toy');

function problems(settings: unknown): string[] {
  const result = validateRunSettings(settings);
  if (result.ok) throw new Error('expected the settings to be refused');
  return result.issues.map((issue) => `${issue.path}: ${issue.message}`);
}

describe('run settings: ema', () => {
  it('takes MMagic-style EMA settings, or none', () => {
    expect(validateRunSettings({ ...toy, ema: { momentum: 0.001 } }).ok).toBe(true);
    expect(validateRunSettings({ ...toy, ema: { momentum: 0.999, startIteration: 100, interval: 2, preview: 'live' } }).ok).toBe(true);
    expect(validateRunSettings({ ...toy, ema: undefined }).ok).toBe(true);
  });

  it('refuses a momentum outside (0, 1) at ema.momentum, saying what it means', () => {
    for (const momentum of [0, 1, -0.5, 2, '0.1', null]) {
      expect(problems({ ...toy, ema: { momentum } })).toEqual([expect.stringMatching(/^ema\.momentum: must be a number between 0 and 1, both excluded \(MMagic's momentum: the new weights' share/)]);
    }
    expect(problems({ ...toy, ema: {} })).toEqual([expect.stringMatching(/^ema\.momentum: .*got nothing \(the field is missing\)/)]);
  });

  it('refuses a momentum that float32 makes 0 (the average never moved, without a word)', () => {
    expect(problems({ ...toy, ema: { momentum: 1e-50 } })).toEqual([expect.stringMatching(/^ema\.momentum: must be a number between 0 and 1.*; this is below 1\.2e-38, which float32 treats as 0: the average would never move, got 1e-50$/)]);
    expect(validateRunSettings({ ...toy, ema: { momentum: 2 ** -126 } }).ok).toBe(true);
  });

  it('refuses a negative or fractional startIteration, an interval under 1, an unknown preview or field', () => {
    expect(problems({ ...toy, ema: { momentum: 0.1, startIteration: -1 } })).toEqual(['ema.startIteration: must be a whole number from 0 to 1,000,000,000, got -1']);
    expect(problems({ ...toy, ema: { momentum: 0.1, startIteration: 2.5 } })).toEqual(['ema.startIteration: must be a whole number from 0 to 1,000,000,000, got 2.5']);
    expect(problems({ ...toy, ema: { momentum: 0.1, interval: 0 } })).toEqual(['ema.interval: must be a whole number from 1 to 1,000,000,000, got 0']);
    expect(problems({ ...toy, ema: { momentum: 0.1, preview: 'both' } })).toEqual(['ema.preview: must be one of ema, live, got "both"']);
    expect(problems({ ...toy, ema: { momentum: 0.1, start_iter: 5 } })).toEqual(['ema.start_iter: unknown field; expected one of momentum, startIteration, interval, preview']);
    expect(problems({ ...toy, ema: 0.999 })).toEqual([expect.stringMatching(/^ema: must be an object like \{"momentum": 0.001/)]);
  });

  it('checks the field alone for the page (fieldIssues)', () => {
    expect(fieldIssues('ema', { momentum: 0.01 })).toEqual([]);
    expect(fieldIssues('ema', undefined)).toEqual([]);
    expect(fieldIssues('ema', { momentum: 0.01, startIteration: -3 })).toEqual([{ path: 'ema.startIteration', message: 'must be a whole number from 0 to 1,000,000,000, got -3' }]);
  });

  it("warns, as MMagic does, above 0.5: 0.999 is nearly no averaging in MMagic's convention", () => {
    expect(emaMomentumWarning(0.001)).toBeNull();
    expect(emaMomentumWarning(0.5)).toBeNull();
    // 1 - 0.999 = 0.001 (to 3 significant digits).
    expect(emaMomentumWarning(0.999)).toMatch(/keeps only 0\.001 of itself each update.*for a decay of 0\.999 use momentum 0\.001/);
  });

  it("counts the EMA generator's copy of G in the memory budget", () => {
    // G: dense 2->3 (9 params), dense 3->2 (8): 17 params, one more float32 copy of them.
    const config = resolveModelConfig({ family: 'toy', layers: 1, units: 3, noiseDim: 2, output: 'linear' });
    const optimizers = { G: { type: 'adam', learningRate: 1e-3 }, D: { type: 'sgd', learningRate: 1e-3 } } as const;
    expect(estimateTrainingMemory(config, 10, optimizers, true).fixedBytes - estimateTrainingMemory(config, 10, optimizers).fixedBytes).toBe(4 * 17);
    // At a budget of exactly what a step needs without the copy, the copy is what does not fit.
    const budget = estimateTrainingMemory(config, 10, optimizers).bytes;
    expect(checkMemory(config, 10, optimizers, budget)).toBeNull();
    expect(checkMemory(config, 10, optimizers, budget, true)?.path).toBe('batchSize');
    // The settings check passes the flag: its message names the copy.
    const pix2pix = defaultSettings('pix2pix');
    const huge = { ...pix2pix, model: { ...pix2pix.model, size: 64, width: 256 }, batchSize: 1, ema: { momentum: 0.001 } };
    expect(problems(huge)).toEqual([expect.stringMatching(/^model: a training step would need about [\d,]+ MiB \([\d,]+ MiB for the weights, their gradients and the optimizers' state, and the EMA generator's copy of G\)/)]);
  });
});
