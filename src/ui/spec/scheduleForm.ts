// A loss's weight schedule as the form edits it: the fields of each kind, a schedule to start
// from when the kind changes, and the curve the preview draws. No tfjs (schedule.ts has none).
import { parseSchedule, SCHEDULE_KINDS, sampleSchedule, scheduleValue, type Schedule, type ScheduleKind } from '../../manager/schedule';

export const SCHEDULE_CHOICES = ['none', ...SCHEDULE_KINDS] as const;
export type ScheduleChoice = (typeof SCHEDULE_CHOICES)[number];

export interface ScheduleField {
  readonly key: string;
  readonly label: string;
  /** A time (in the schedule's unit), a weight (>= 0), or a list of [time, weight] pairs. */
  readonly kind: 'time' | 'weight' | 'pairs';
}

const RAMP: readonly ScheduleField[] = [
  { key: 'startEpoch', label: 'from', kind: 'time' },
  { key: 'endEpoch', label: 'to', kind: 'time' },
  { key: 'initialValue', label: 'initial weight', kind: 'weight' },
  { key: 'targetValue', label: 'target weight', kind: 'weight' },
];

/** The fields of each kind besides `schedule` and `unit`, as scheduleSchema.ts defines them. */
export const SCHEDULE_FIELDS: Readonly<Record<ScheduleKind, readonly ScheduleField[]>> = {
  constant: [{ key: 'value', label: 'weight', kind: 'weight' }],
  linear: RAMP,
  exponential: RAMP,
  cosine: RAMP,
  step: [
    { key: 'initialValue', label: 'initial weight', kind: 'weight' },
    { key: 'steps', label: 'steps (time: weight, ...)', kind: 'pairs' },
  ],
  warmup: [
    { key: 'warmupEpochs', label: 'warm-up length', kind: 'time' },
    { key: 'initialValue', label: 'initial weight', kind: 'weight' },
    { key: 'targetValue', label: 'target weight', kind: 'weight' },
  ],
  keyframes: [{ key: 'keyframes', label: 'keyframes (time: weight, ...)', kind: 'pairs' }],
};

/** The kind of a draft's schedule: 'none' for null or absent, 'unknown' for anything the form cannot show. */
export function scheduleKindOf(schedule: unknown): ScheduleChoice | 'unknown' {
  if (schedule == null) return 'none';
  if (typeof schedule !== 'object' || Array.isArray(schedule)) return 'unknown';
  const kind = (schedule as { schedule?: unknown }).schedule;
  return (SCHEDULE_KINDS as readonly unknown[]).includes(kind) ? (kind as ScheduleKind) : 'unknown';
}

function numberIn(schedule: unknown, key: string): number | undefined {
  const value = typeof schedule === 'object' && schedule !== null ? (schedule as Record<string, unknown>)[key] : undefined;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * A schedule of `kind` to start from, ending at the loss's weight: a ramp from 0 over 1000
 * steps, a warm-up of 500, a drop to a tenth at 500. The unit and the initial and target
 * weights carry over from the schedule it replaces.
 */
export function defaultSchedule(kind: ScheduleKind, previous: unknown, weight: number): Schedule {
  const unit = (previous as { unit?: unknown } | null)?.unit === 'epoch' ? 'epoch' : 'step';
  const span = unit === 'epoch' ? 10 : 1000;
  const target = numberIn(previous, 'targetValue') ?? numberIn(previous, 'value') ?? weight;
  const initial = numberIn(previous, 'initialValue') ?? 0;
  switch (kind) {
    case 'constant':
      return { schedule: 'constant', unit, value: target };
    case 'linear':
    case 'exponential':
    case 'cosine':
      return { schedule: kind, unit, startEpoch: 0, endEpoch: span, initialValue: initial, targetValue: target };
    case 'step':
      return { schedule: 'step', unit, initialValue: target, steps: [[span / 2, target / 10]] };
    case 'warmup':
      return { schedule: 'warmup', unit, warmupEpochs: span / 2, initialValue: initial, targetValue: target };
    case 'keyframes':
      return { schedule: 'keyframes', unit, keyframes: [[0, initial], [span, target]] };
  }
}

/** `[[0, 1], [500, 0.1]]` -> `0: 1, 500: 0.1`. */
export function pairsText(pairs: unknown): string {
  if (typeof pairs === 'string') return pairs;
  if (!Array.isArray(pairs)) return '';
  return pairs.map((p) => (Array.isArray(p) ? p.join(': ') : JSON.stringify(p))).join(', ');
}

/**
 * `0: 1, 500: 0.1` -> `[[0, 1], [500, 0.1]]`. Text that is not such a list is returned as
 * it is, so the spec's check reports it at the field.
 */
export function parsePairs(text: string): [number, number][] | string {
  const items = text.split(',').map((item) => item.trim());
  if (items.length === 1 && items[0] === '') return [];
  const pairs: [number, number][] = [];
  for (const item of items) {
    const match = /^([^:]+):([^:]+)$/.exec(item);
    const [t, v] = match ? [Number(match[1]!.trim()), Number(match[2]!.trim())] : [NaN, NaN];
    if (!match || match[1]!.trim() === '' || match[2]!.trim() === '' || !Number.isFinite(t) || !Number.isFinite(v)) return text;
    pairs.push([t, v]);
  }
  return pairs;
}

/** The time after which the schedule's weight no longer changes. */
export function scheduleEnd(schedule: Schedule): number {
  switch (schedule.schedule) {
    case 'constant':
      return 0;
    case 'linear':
    case 'exponential':
    case 'cosine':
      return schedule.endEpoch;
    case 'warmup':
      return schedule.warmupEpochs;
    case 'step':
      return schedule.steps.at(-1)?.[0] ?? 0;
    case 'keyframes':
      return schedule.keyframes.at(-1)?.[0] ?? 0;
  }
}

export interface Sparkline {
  /** SVG path data in a width x height box, y down. */
  readonly path: string;
  /** x of the current time, clamped into the box. */
  readonly markerX: number;
  /** The time the curve runs to, and its highest weight (the top of the box). */
  readonly horizon: number;
  readonly yMax: number;
  readonly valueNow: number;
}

/**
 * The curve of a valid schedule from 0 to a horizon that shows all of its changes and the
 * current time `now`, with the marker at `now`; null when the schedule is invalid.
 */
export function sparkline(schedule: unknown, now: number, width: number, height: number, points = 64): Sparkline | null {
  let parsed: Schedule;
  try {
    parsed = parseSchedule(schedule);
  } catch {
    return null;
  }
  const end = scheduleEnd(parsed);
  const minimum = parsed.unit === 'epoch' ? 10 : 100;
  const horizon = Math.max(minimum, end * 1.25, now * 1.1);
  const { t, value } = sampleSchedule(parsed, 0, horizon, points);
  const yMax = Math.max(...value) || 1;
  const round = (v: number) => Math.round(v * 10) / 10;
  const x = (time: number) => round((time / horizon) * width);
  const y = (v: number) => round(height - (v / yMax) * height);
  const path = Array.from(t, (time, i) => `${i === 0 ? 'M' : 'L'}${x(time)},${y(value[i]!)}`).join(' ');
  return { path, markerX: Math.min(width, Math.max(0, x(now))), horizon, yMax, valueNow: scheduleValue(parsed, now) };
}
