// Schedules hold weights, so float32's limit applies to each weight they can give; and their
// errors stay short however large or deep the schedule.
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_MESSAGE_LENGTH } from '../../src/losses/jsonText';
import { LossManager } from '../../src/manager/lossManager';
import { parseSchedule, ScheduleError } from '../../src/manager/schedule';
import { MAX_LOSS_WEIGHT, validateLossSpec } from '../../src/manager/specValidation';
import { expectPrototypesUntouched } from '../helpers/prototypes';

function parseError(value: unknown, path?: string): string {
  try {
    parseSchedule(value, path);
  } catch (error) {
    expect(error).toBeInstanceOf(ScheduleError);
    return (error as Error).message;
  }
  throw new Error('expected the schedule to be rejected');
}

// float32's largest is 3.40e+38; 1e39 is Infinity on the device.
const overflow = '1e+39 is more than float32 can hold (3.40e+38): it would be Infinity on the device';


afterEach(expectPrototypesUntouched);

describe('schedule weights within float32', () => {
  it('refuses a weight past float32 in every field that holds one, at its path', () => {
    expect(parseError({ schedule: 'constant', unit: 'step', value: 1e39 }, 'losses[0].schedule')).toBe(`losses[0].schedule.value: ${overflow}`);
    expect(parseError({ schedule: 'linear', unit: 'step', endEpoch: 10, initialValue: 1e39, targetValue: 1 })).toBe(`schedule.initialValue: ${overflow}`);
    expect(parseError({ schedule: 'cosine', unit: 'step', endEpoch: 10, initialValue: 1, targetValue: 1e39 })).toBe(`schedule.targetValue: ${overflow}`);
    expect(parseError({ schedule: 'exponential', unit: 'epoch', endEpoch: 10, initialValue: 1, targetValue: 1e39 })).toBe(`schedule.targetValue: ${overflow}`);
    expect(parseError({ schedule: 'warmup', unit: 'step', warmupEpochs: 5, initialValue: 1e39, targetValue: 1 })).toBe(`schedule.initialValue: ${overflow}`);
    expect(parseError({ schedule: 'warmup', unit: 'step', warmupEpochs: 5, targetValue: 1e39 })).toBe(`schedule.targetValue: ${overflow}`);
    expect(parseError({ schedule: 'step', unit: 'step', initialValue: 1e39, steps: [[5, 1]] })).toBe(`schedule.initialValue: ${overflow}`);
    expect(parseError({ schedule: 'step', unit: 'step', initialValue: 1, steps: [[5, 1], [9, 1e39]] })).toBe(`schedule.steps[1][1]: ${overflow}`);
    expect(parseError({ schedule: 'keyframes', unit: 'step', keyframes: [[0, 1e39]] })).toBe(`schedule.keyframes[0][1]: ${overflow}`);
  });

  it('accepts float32 max itself, and times past it (a time is no weight)', () => {
    expect(() => parseSchedule({ schedule: 'constant', unit: 'step', value: MAX_LOSS_WEIGHT })).not.toThrow();
    expect(() => parseSchedule({ schedule: 'keyframes', unit: 'step', keyframes: [[0, 1], [1e39, MAX_LOSS_WEIGHT]] })).not.toThrow();
  });

  it('is refused by the spec check and the LossManager, before step 0', () => {
    const spec = { losses: [{ name: 'G_L1', type: 'L1Loss', tags: ['G'], schedule: { schedule: 'constant', unit: 'step', value: 1e39 } }] };
    expect(validateLossSpec(spec)).toEqual({ ok: false, errors: [{ path: 'losses[0].schedule.value', message: overflow }], omitted: 0 });
    const lm = new LossManager();
    expect(() => lm.initFromJsonSpec(spec)).toThrow(`losses[0].schedule.value: ${overflow}`);
    lm.initFromJsonSpec({ losses: [{ ...spec.losses[0]!, schedule: null }] });
    expect(() => lm.setSchedule('G_L1', { schedule: 'constant', unit: 'step', value: 1e39 })).toThrow(overflow);
    expect(() => lm.setSchedule('G_L1', { schedule: 'constant', unit: 'step', value: 1e39 })).toThrow(ScheduleError);
    lm.dispose();
  });
});

describe('bounded schedule errors', () => {
  it('lists five problems of 100,000 keyframes, not 9 MB of them', () => {
    const keyframes = Array.from({ length: 100_000 }, (_, i) => [i, -i - 1]);
    const message = parseError({ schedule: 'keyframes', unit: 'step', keyframes });
    expect(message.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    expect(message.split('; ')).toEqual([
      'schedule.keyframes[0][1]: must be >= 0: a loss weight is never negative (got -1)',
      'schedule.keyframes[1][1]: must be >= 0: a loss weight is never negative (got -2)',
      'schedule.keyframes[2][1]: must be >= 0: a loss weight is never negative (got -3)',
      'schedule.keyframes[3][1]: must be >= 0: a loss weight is never negative (got -4)',
      'schedule.keyframes[4][1]: must be >= 0: a loss weight is never negative (got -5)',
      'and 99995 more',
    ]);
  });

  it('lists a few of 100,000 unknown keys', () => {
    const value: Record<string, unknown> = { schedule: 'constant', unit: 'step', value: 1 };
    for (let i = 0; i < 100_000; i++) value[`k${i}`] = i;
    expect(parseError(value)).toBe(
      'schedule: unknown key "k0", "k1", "k2", "k3", "k4", and 99995 more (a constant schedule takes schedule, unit, value)',
    );
  });

  it('refuses a deep, BigInt or circular schedule at its path with a ScheduleError', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(parseError({ schedule: 'keyframes', unit: 'step', keyframes: deep }, 's')).toBe(`s.keyframes${'[0]'.repeat(63)}: nested deeper than 64 levels`);
    expect(parseError({ schedule: 'constant', unit: 'step', value: 2n })).toBe('schedule.value: not JSON: a BigInt (2n); write it as a number');
    const cycle: unknown[] = [0];
    cycle.push(cycle);
    expect(parseError({ schedule: 'keyframes', unit: 'step', keyframes: [cycle] })).toBe('schedule.keyframes[0][1]: not JSON: a cycle (this value contains itself)');
  });
});
