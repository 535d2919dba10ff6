import { describe, expect, it } from 'vitest';
import { parseValueList, planSweep, sweepFields } from '../../src/client/sweep/sweepPlan';
import { defaultSettings } from '../../src/protocol/presets';

const base = defaultSettings('toy');

describe('a sweep defined on the page', () => {
  it('offers each loss weight, the learning rates and the update counts as axes', () => {
    const paths = sweepFields(base).map((f) => f.path);
    for (const loss of base.spec.losses) expect(paths).toContain(`losses.${loss.name}.loss_weight`);
    expect(paths).toEqual(expect.arrayContaining(['optimizers.G.learningRate', 'optimizers.D.learningRate', 'dSteps', 'gSteps', 'batchSize']));
  });

  it('reads "1, 10, 100" and names a bad entry by its place', () => {
    expect(parseValueList('1, 10 100,1e-4')).toEqual({ ok: true, values: [1, 10, 100, 0.0001] });
    expect(parseValueList('1, x')).toEqual({ ok: false, message: 'value 2 ("x") is not a finite number' });
    expect(parseValueList('1, 1')).toEqual({ ok: false, message: '1 is listed twice' });
    expect(parseValueList(' ')).toMatchObject({ ok: false });
    expect(parseValueList('1, 2.5', true)).toEqual({ ok: false, message: 'value 2 (2.5) is not a whole number >= 0' });
  });

  it('expands axes x seeds into named variants that stop at the steps, or says what is wrong where', () => {
    const name = base.spec.losses[0]!.name;
    const plan = planSweep({ axes: [{ path: `losses.${name}.loss_weight`, text: '1, 10' }, { path: 'dSteps', text: '1, 2' }], seeds: '1 2', steps: '50' }, base);
    if (!plan.ok) throw new Error(plan.message);
    expect(plan.variants).toHaveLength(2 * 2 * 2);
    expect(plan.variants[0]!.name).toBe(`${name}.loss_weight=1_dSteps=1_seed=1`);
    expect(plan.variants.every((v) => v.settings.stopAtStep === 50)).toBe(true);
    expect(planSweep({ axes: [{ path: 'dSteps', text: '1, -1' }], seeds: '', steps: '50' }, base)).toEqual({ ok: false, message: expect.stringMatching(/^variant dSteps=-1_seed=1: .*dSteps/) });
    expect(planSweep({ axes: [{ path: 'dSteps', text: '1, y' }], seeds: '', steps: '50' }, base)).toEqual({ ok: false, message: 'axis D steps: value 2 ("y") is not a finite number' });
    expect(planSweep({ axes: [], seeds: '1', steps: '0' }, base)).toMatchObject({ ok: false, message: expect.stringMatching(/^steps: /) });
    expect(planSweep({ axes: [], seeds: '-3', steps: '5' }, base)).toMatchObject({ ok: false, message: expect.stringMatching(/^seeds: /) });
  });
});
