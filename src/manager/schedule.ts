// Loss-weight schedules as plain JSON data, after NectarGAN's `Schedule`. No tfjs here: the
// page draws a schedule's curve with these same functions, and the page never loads tfjs.
import { showValue } from '../losses/jsonText';
import { ScheduleError, type RampSchedule, type Schedule, type ScheduleUnit } from './scheduleSchema';

export * from './scheduleSchema';

export function constantSchedule(value: number, unit: ScheduleUnit = 'step'): Schedule {
  return { schedule: 'constant', unit, value };
}

const EPSILON = 1e-9;

/** NectarGAN's `ScheduleDefs.linear` / `.exponential`, plus a cosine ease on the same terms. */
function ramp(kind: RampSchedule['schedule'], from: number, to: number, sample: number): number {
  let [initial, target] = [from, to];
  // NectarGAN's allow_zero_weights: a geometric ramp can't start or end at 0, so it stops just
  // above it. Like NectarGAN, max() lifts both ends, not only the zero one.
  if (kind === 'exponential' && (initial === 0 || target === 0)) {
    [initial, target] = [Math.max(initial, EPSILON), Math.max(target, EPSILON)];
  }
  const value =
    kind === 'linear'
      ? initial + sample * (target - initial)
      : kind === 'exponential'
        ? initial * (target / initial) ** sample
        : initial + ((target - initial) * (1 - Math.cos(Math.PI * sample))) / 2;
  // NectarGAN's clamp stops rounding (pow, cos) from overshooting an end. It does not lift an
  // undershoot: exponential 0 -> 4 ends at 3.9999999999999996, in NectarGAN as here.
  const lowest = Math.max(0, Math.min(initial, target));
  return Math.min(Math.max(initial, target), Math.max(lowest, value));
}

function progress(t: number, start: number, end: number): number {
  return Math.min(1, Math.max(0, (t - start) / (end - start)));
}

/** Value of the last `[at, value]` pair with `at <= t`, interpolated towards the next for keyframes. */
function piecewise(list: readonly [number, number][], t: number, before: number, interpolate: boolean): number {
  let i = -1;
  while (i + 1 < list.length && list[i + 1]![0] <= t) i++;
  if (i < 0) return before;
  const [t0, v0] = list[i]!;
  const next = list[i + 1];
  if (!interpolate || next === undefined) return v0;
  return v0 + ((t - t0) / (next[0] - t0)) * (next[1] - v0);
}

/** The weight at `t`, a step or an epoch number as the schedule's `unit` says. */
export function scheduleValue(schedule: Schedule, t: number): number {
  if (Number.isNaN(t)) throw new ScheduleError(`scheduleValue: t must be a number (got NaN)`);
  switch (schedule.schedule) {
    case 'constant':
      return schedule.value;
    case 'linear':
    case 'exponential':
    case 'cosine': {
      const sample = progress(t, schedule.startEpoch, schedule.endEpoch);
      return ramp(schedule.schedule, schedule.initialValue, schedule.targetValue, sample);
    }
    case 'warmup':
      return ramp('linear', schedule.initialValue, schedule.targetValue, progress(t, 0, schedule.warmupEpochs));
    case 'step':
      return piecewise(schedule.steps, t, schedule.initialValue, false);
    case 'keyframes':
      return piecewise(schedule.keyframes, t, schedule.keyframes[0]![1], true);
    default: {
      const unreachable: never = schedule;
      throw new ScheduleError(`unknown schedule ${showValue(unreachable)}`);
    }
  }
}

/** `points` evenly spaced times from `from` to `to` (both included) and the weight at each. */
export function sampleSchedule(
  schedule: Schedule,
  from: number,
  to: number,
  points: number,
): { t: Float64Array; value: Float64Array } {
  if (!Number.isInteger(points) || points < 2) {
    throw new ScheduleError(`sampleSchedule: points must be an integer >= 2 (got ${points})`);
  }
  if (!Number.isFinite(from) || !Number.isFinite(to)) {
    throw new ScheduleError(`sampleSchedule: from and to must be finite (got ${from}, ${to})`);
  }
  const t = new Float64Array(points);
  const value = new Float64Array(points);
  for (let i = 0; i < points; i++) {
    // Set the last time exactly, so a curve ends on `to` rather than an ulp short of it.
    t[i] = i === points - 1 ? to : from + ((to - from) * i) / (points - 1);
    value[i] = scheduleValue(schedule, t[i]!);
  }
  return { t, value };
}
