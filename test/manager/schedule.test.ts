import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  constantSchedule,
  parseSchedule,
  sampleSchedule,
  type Schedule,
  SCHEDULE_KINDS,
  ScheduleError,
  scheduleValue,
} from '../../src/manager/schedule';

const ramp = (schedule: 'linear' | 'exponential' | 'cosine', initialValue: number, targetValue: number): Schedule => ({
  schedule,
  unit: 'epoch',
  startEpoch: 10,
  endEpoch: 30,
  initialValue,
  targetValue,
});

/** The weight at each t, so one assertion shows the whole curve. */
const at = (schedule: Schedule, ts: number[]) => ts.map((t) => scheduleValue(schedule, t));

/** Parses and returns the error message, failing the test if parsing succeeds. */
function parseError(value: unknown, path?: string): string {
  try {
    parseSchedule(value, path);
  } catch (error) {
    expect(error).toBeInstanceOf(ScheduleError);
    return (error as Error).message;
  }
  throw new Error('expected parseSchedule to throw');
}

describe('scheduleValue', () => {
  it('constant: the value at every t', () => {
    expect(at(constantSchedule(2.5), [-1, 0, 1e6])).toEqual([2.5, 2.5, 2.5]);
    expect(constantSchedule(3, 'epoch')).toEqual({ schedule: 'constant', unit: 'epoch', value: 3 });
    expect(constantSchedule(3).unit).toBe('step');
  });

  it('linear: initial + sample * (target - initial), sample = (t - start) / (end - start)', () => {
    expect(at(ramp('linear', 1, 9), [10, 15, 20, 30])).toEqual([1, 1 + 0.25 * (9 - 1), 1 + 0.5 * (9 - 1), 9]);
  });

  it('linear: held at initial before start and at target after end (NectarGAN clamp)', () => {
    expect(at(ramp('linear', 1, 9), [0, 9.99, 31, 1e9, Infinity])).toEqual([1, 1, 9, 9, 9]);
  });

  it('linear: falls when target < initial', () => {
    expect(at(ramp('linear', 4, 0), [0, 15, 25, 40])).toEqual([4, 4 + 0.25 * (0 - 4), 4 + 0.75 * (0 - 4), 0]);
  });

  it('exponential: initial * (target / initial) ** sample', () => {
    expect(at(ramp('exponential', 1, 16), [5, 10, 15, 20, 30, 50])).toEqual([
      1,
      1,
      1 * (16 / 1) ** 0.25,
      1 * (16 / 1) ** 0.5,
      16,
      16,
    ]);
    expect(scheduleValue(ramp('exponential', 16, 1), 20)).toBe(16 * (1 / 16) ** 0.5);
  });

  it('exponential: a zero end becomes 1e-9, and the weight never reaches 0', () => {
    // NectarGAN's allow_zero_weights: both ends are lifted to at least epsilon before interpolating.
    const up = ramp('exponential', 0, 4);
    expect(at(up, [0, 10, 20, 30])).toEqual([1e-9, 1e-9, 1e-9 * (4 / 1e-9) ** 0.5, 1e-9 * (4 / 1e-9) ** 1]);
    // As in NectarGAN, rounding lands an ulp under the target here, and the clamp keeps that.
    expect(scheduleValue(up, 30)).toBe(3.9999999999999996);
    const down = ramp('exponential', 2, 0);
    expect(at(down, [0, 15, 30, 99])).toEqual([2, 2 * (1e-9 / 2) ** 0.25, 1e-9, 1e-9]);
    // Like NectarGAN's max(target, epsilon): a positive end below epsilon is lifted too.
    expect(scheduleValue(ramp('exponential', 0, 1e-12), 99)).toBe(1e-9);
    expect(scheduleValue(ramp('exponential', 0, 0), 20)).toBe(1e-9);
  });

  it('cosine: initial + (target - initial) * (1 - cos(pi * sample)) / 2, flat at both ends', () => {
    const s = ramp('cosine', 1, 9);
    expect(at(s, [0, 10, 15, 20, 30, 40])).toEqual([
      1,
      1,
      1 + ((9 - 1) * (1 - Math.cos(Math.PI * 0.25))) / 2,
      1 + ((9 - 1) * (1 - Math.cos(Math.PI * 0.5))) / 2,
      9,
      9,
    ]);
    expect(scheduleValue(ramp('cosine', 9, 1), 15)).toBe(9 + ((1 - 9) * (1 - Math.cos(Math.PI * 0.25))) / 2);
  });

  it('step: initialValue until the first step, then each value from its time on', () => {
    const s: Schedule = { schedule: 'step', unit: 'step', initialValue: 1, steps: [[100, 0.5], [200, 0.1]] };
    expect(at(s, [-5, 0, 99.9, 100, 150, 199, 200, 1e6])).toEqual([1, 1, 1, 0.5, 0.5, 0.5, 0.1, 0.1]);
  });

  it('warmup: linear from initial at 0 to target at warmupEpochs, then target', () => {
    const s: Schedule = { schedule: 'warmup', unit: 'epoch', warmupEpochs: 4, initialValue: 0, targetValue: 10 };
    expect(at(s, [-1, 0, 1, 3, 4, 100])).toEqual([0, 0, 0 + (1 / 4) * (10 - 0), 0 + (3 / 4) * (10 - 0), 10, 10]);
  });

  it('keyframes: piecewise-linear between points, flat before the first and after the last', () => {
    const s: Schedule = { schedule: 'keyframes', unit: 'step', keyframes: [[10, 2], [20, 6], [40, 0]] };
    expect(at(s, [0, 10, 12, 20, 30, 35, 40, 50])).toEqual([
      2,
      2,
      2 + (2 / 10) * (6 - 2),
      6,
      6 + (10 / 20) * (0 - 6),
      6 + (15 / 20) * (0 - 6),
      0,
      0,
    ]);
    const single: Schedule = { schedule: 'keyframes', unit: 'step', keyframes: [[5, 3]] };
    expect(at(single, [0, 5, 10])).toEqual([3, 3, 3]);
  });

  it('rejects a NaN time', () => {
    expect(() => scheduleValue(constantSchedule(1), NaN)).toThrow(ScheduleError);
  });
});

describe('sampleSchedule', () => {
  it('returns `points` evenly spaced times, both ends included, with the weight at each', () => {
    const s = ramp('linear', 1, 9);
    const { t, value } = sampleSchedule(s, 0, 40, 5);
    expect(t).toBeInstanceOf(Float64Array);
    expect(Array.from(t)).toEqual([0, 10, 20, 30, 40]);
    expect(Array.from(value)).toEqual([1, 1, 1 + 0.5 * (9 - 1), 9, 9]);
  });

  it('ends exactly on `to`, even when the step does not divide evenly', () => {
    const { t, value } = sampleSchedule(ramp('linear', 1, 9), 0.1, 0.7, 7);
    expect(t.length).toBe(7);
    expect(value.length).toBe(7);
    expect(t[0]).toBe(0.1);
    expect(t[6]).toBe(0.7);
  });

  it('rejects fewer than 2 points or a non-finite range', () => {
    const s = constantSchedule(1);
    expect(() => sampleSchedule(s, 0, 1, 1)).toThrow(/points must be an integer >= 2 \(got 1\)/);
    expect(() => sampleSchedule(s, 0, 1, 2.5)).toThrow(ScheduleError);
    expect(() => sampleSchedule(s, 0, Infinity, 10)).toThrow(/from and to must be finite/);
  });
});

describe('parseSchedule', () => {
  it('accepts each kind and fills the documented defaults', () => {
    const examples: Record<(typeof SCHEDULE_KINDS)[number], unknown> = {
      constant: { schedule: 'constant', unit: 'step', value: 1 },
      linear: { schedule: 'linear', unit: 'epoch', endEpoch: 5, initialValue: 0, targetValue: 1 },
      exponential: { schedule: 'exponential', unit: 'step', startEpoch: 1, endEpoch: 5, initialValue: 1, targetValue: 0 },
      cosine: { schedule: 'cosine', unit: 'step', startEpoch: 1, endEpoch: 5, initialValue: 1, targetValue: 2 },
      step: { schedule: 'step', unit: 'step', initialValue: 1, steps: [[10, 0]] },
      warmup: { schedule: 'warmup', unit: 'epoch', warmupEpochs: 2, targetValue: 1 },
      keyframes: { schedule: 'keyframes', unit: 'step', keyframes: [[0, 1], [5, 2]] },
    };
    for (const kind of SCHEDULE_KINDS) expect(parseSchedule(examples[kind]).schedule).toBe(kind);
    expect(parseSchedule(examples.linear)).toMatchObject({ startEpoch: 0 });
    expect(parseSchedule(examples.warmup)).toMatchObject({ initialValue: 0 });
  });

  it('round-trips through JSON', () => {
    const s = parseSchedule({ schedule: 'keyframes', unit: 'epoch', keyframes: [[0, 1], [3, 0.5]] });
    expect(parseSchedule(JSON.parse(JSON.stringify(s)))).toEqual(s);
  });

  it('rejects endEpoch <= startEpoch, under the caller-given path', () => {
    const bad = { schedule: 'linear', unit: 'epoch', startEpoch: 10, endEpoch: 5, initialValue: 1, targetValue: 2 };
    expect(parseError(bad, 'losses[2].schedule')).toBe(
      'losses[2].schedule.endEpoch: must be greater than startEpoch (got 5 <= 10)',
    );
    expect(parseError({ ...bad, endEpoch: 10 })).toBe('schedule.endEpoch: must be greater than startEpoch (got 10 <= 10)');
  });

  it('rejects negative weights', () => {
    expect(parseError({ schedule: 'constant', unit: 'step', value: -0.5 })).toBe(
      'schedule.value: must be >= 0: a loss weight is never negative (got -0.5)',
    );
    expect(parseError({ schedule: 'keyframes', unit: 'step', keyframes: [[0, 1], [5, -2]] }, 'w')).toMatch(
      /^w\.keyframes\[1\]\[1\]: must be >= 0/,
    );
  });

  it('rejects non-finite and non-numeric values', () => {
    const base = { schedule: 'warmup', unit: 'step', initialValue: 0, targetValue: 1 };
    expect(parseError({ ...base, warmupEpochs: Infinity })).toBe('schedule.warmupEpochs: must be a finite number (got Infinity)');
    expect(parseError({ ...base, warmupEpochs: NaN })).toBe('schedule.warmupEpochs: must be a finite number (got NaN)');
    expect(parseError({ ...base, warmupEpochs: '3' })).toBe('schedule.warmupEpochs: must be a finite number (got "3")');
    expect(parseError({ ...base, warmupEpochs: 0 })).toBe('schedule.warmupEpochs: must be greater than 0 (got 0)');
  });

  it('reports every problem, without a spurious range error from a bad endEpoch', () => {
    const bad = { schedule: 'cosine', unit: 'day', startEpoch: 0, endEpoch: 'x', initialValue: -1, targetValue: 1 };
    expect(parseError(bad).split('; ')).toEqual([
      'schedule.unit: must be "step" or "epoch" (what t counts) (got "day")',
      'schedule.endEpoch: must be a finite number (got "x")',
      'schedule.initialValue: must be >= 0: a loss weight is never negative (got -1)',
    ]);
  });

  it('requires a unit', () => {
    expect(parseError({ schedule: 'constant', value: 1 })).toBe(
      'schedule.unit: must be "step" or "epoch" (what t counts) (got undefined)',
    );
  });

  it('rejects empty or unsorted step and keyframe lists', () => {
    expect(parseError({ schedule: 'step', unit: 'step', initialValue: 1, steps: [] })).toBe(
      'schedule.steps: must have at least one [time, weight] pair (got [])',
    );
    expect(parseError({ schedule: 'step', unit: 'step', initialValue: 1, steps: [[5, 1], [5, 2]] })).toBe(
      'schedule.steps[1][0]: times must strictly increase (got 5 <= 5)',
    );
    expect(parseError({ schedule: 'keyframes', unit: 'step', keyframes: [[0, 1], [9, 1], [3, 1]] })).toBe(
      'schedule.keyframes[2][0]: times must strictly increase (got 3 <= 9)',
    );
    expect(parseError({ schedule: 'keyframes', unit: 'step', keyframes: [[0, 1, 2]] })).toMatch(/^schedule\.keyframes\[0\]: /);
  });

  it('rejects unknown keys, naming the valid ones', () => {
    expect(parseError({ schedule: 'constant', unit: 'step', value: 1, loss_weight: 2 })).toBe(
      'schedule: unknown key "loss_weight" (a constant schedule takes schedule, unit, value)',
    );
  });

  it('rejects an unknown or missing kind, naming the valid ones', () => {
    const valid = 'constant, linear, exponential, step, cosine, warmup, keyframes';
    expect(parseError({ schedule: 'sigmoid', unit: 'step' }, 'losses[0].schedule')).toBe(
      `losses[0].schedule.schedule: unknown schedule kind "sigmoid" (valid kinds: ${valid})`,
    );
    expect(parseError({ unit: 'step' })).toBe(`schedule.schedule: unknown schedule kind undefined (valid kinds: ${valid})`);
    expect(parseError(3)).toMatch(/^schedule: .*\(got 3\)$/);
  });
});

describe('module boundaries', () => {
  it('schedules import no tfjs, so the page can draw them', () => {
    const allowed = ['zod', '../zodConfig', './scheduleSchema', '../losses/jsonText', '../losses/jsonShape', './weightLimit', './jsonText'];
    for (const file of ['manager/schedule.ts', 'manager/scheduleSchema.ts', 'manager/weightLimit.ts', 'losses/jsonText.ts', 'losses/jsonShape.ts']) {
      const source = readFileSync(new URL(`../../src/${file}`, import.meta.url), 'utf8');
      expect(source).not.toMatch(/@tensorflow/);
      const imports = [...source.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+'([^']+)'/gm)].map((m) => m[1]);
      expect(imports.filter((name) => !allowed.includes(name as string)), file).toEqual([]);
    }
  });
});
