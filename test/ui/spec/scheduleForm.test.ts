import { describe, expect, it } from 'vitest';
import { parseSchedule, SCHEDULE_KINDS, scheduleValue } from '../../../src/manager/schedule';
import { defaultSchedule, pairsText, parsePairs, SCHEDULE_FIELDS, scheduleEnd, scheduleKindOf, sparkline } from '../../../src/ui/spec/scheduleForm';

describe('schedule fields', () => {
  it("starts every kind from a valid schedule holding exactly the kind's fields", () => {
    for (const kind of SCHEDULE_KINDS) {
      const schedule = defaultSchedule(kind, null, 100);
      expect(() => parseSchedule(schedule), kind).not.toThrow();
      expect(Object.keys(schedule).sort(), kind).toEqual(['schedule', 'unit', ...SCHEDULE_FIELDS[kind].map((f) => f.key)].sort());
    }
  });

  it('ends a new schedule at the loss weight, carrying the unit and values of the one it replaces', () => {
    expect(defaultSchedule('linear', null, 100)).toEqual({ schedule: 'linear', unit: 'step', startEpoch: 0, endEpoch: 1000, initialValue: 0, targetValue: 100 });
    const old = { schedule: 'warmup', unit: 'epoch', warmupEpochs: 5, initialValue: 1, targetValue: 10 };
    expect(defaultSchedule('cosine', old, 100)).toEqual({ schedule: 'cosine', unit: 'epoch', startEpoch: 0, endEpoch: 10, initialValue: 1, targetValue: 10 });
    expect(defaultSchedule('constant', { schedule: 'constant', unit: 'step', value: 3 }, 100)).toEqual({ schedule: 'constant', unit: 'step', value: 3 });
    expect(defaultSchedule('step', null, 10)).toEqual({ schedule: 'step', unit: 'step', initialValue: 10, steps: [[500, 1]] });
  });

  it("reads a draft's schedule kind", () => {
    expect(scheduleKindOf(null)).toBe('none');
    expect(scheduleKindOf(undefined)).toBe('none');
    expect(scheduleKindOf({ schedule: 'warmup' })).toBe('warmup');
    expect(scheduleKindOf({ schedule: 'sawtooth' })).toBe('unknown');
    expect(scheduleKindOf([1])).toBe('unknown');
  });

  it('edits [time, weight] pairs as text; text that is no list stays text for the check to report', () => {
    expect(pairsText([[0, 1], [500, 0.1]])).toBe('0: 1, 500: 0.1');
    expect(parsePairs('0: 1, 500 :0.1')).toEqual([[0, 1], [500, 0.1]]);
    expect(parsePairs(' ')).toEqual([]);
    expect(parsePairs('0: 1, 500')).toBe('0: 1, 500');
    expect(parsePairs('0: x')).toBe('0: x');
    expect(parsePairs('0: ')).toBe('0: ');
    expect(pairsText('0: x')).toBe('0: x');
  });

  it('knows when each kind stops changing', () => {
    expect(scheduleEnd(defaultSchedule('constant', null, 1))).toBe(0);
    expect(scheduleEnd(defaultSchedule('linear', null, 1))).toBe(1000);
    expect(scheduleEnd(defaultSchedule('warmup', null, 1))).toBe(500);
    expect(scheduleEnd(defaultSchedule('step', null, 1))).toBe(500);
    expect(scheduleEnd(defaultSchedule('keyframes', null, 1))).toBe(1000);
  });
});

describe('sparkline', () => {
  const linear = { schedule: 'linear', unit: 'step', startEpoch: 0, endEpoch: 100, initialValue: 0, targetValue: 10 };

  it('draws the curve over the ramp and a quarter more, the marker at the current step', () => {
    const curve = sparkline(linear, 50, 200, 40, 5)!;
    // Times 0, 31.25, 62.5, 93.75, 125 of a 125-step horizon; weights 0, 3.125, 6.25, 9.375, 10 of 10.
    expect(curve.horizon).toBe(125);
    expect(curve.yMax).toBe(10);
    expect(curve.path).toBe('M0,40 L50,27.5 L100,15 L150,2.5 L200,0');
    expect(curve.markerX).toBe(80);
    expect(curve.valueNow).toBe(scheduleValue(parseSchedule(linear), 50));
  });

  it('stretches the horizon to show a step past the schedule', () => {
    const curve = sparkline(linear, 1000, 200, 40)!;
    expect(curve.horizon).toBeCloseTo(1100);
    expect(curve.markerX).toBeCloseTo((1000 / 1100) * 200, 0);
  });

  it('draws a flat line for a weight of 0, and nothing for an invalid schedule', () => {
    expect(sparkline({ schedule: 'constant', unit: 'step', value: 0 }, 0, 100, 10, 2)!.path).toBe('M0,10 L100,10');
    expect(sparkline({ ...linear, endEpoch: -1 }, 0, 100, 10)).toBeNull();
    expect(sparkline('x', 0, 100, 10)).toBeNull();
  });
});
