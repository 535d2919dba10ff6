// The data half of schedules: their JSON shape and its validation. `schedule.ts` evaluates them
// and re-exports all of this. Like it, no tfjs: the page imports both to draw a curve.
import { z } from '../zodConfig'; // zod, configured jitless before any schema is built
import { checkJsonShape, jsonPath } from '../losses/jsonShape';
import { capMessage, listProblems, showValue as show, valueAt } from '../losses/jsonText';
import { weightOverflow } from './weightLimit';

export const SCHEDULE_KINDS = ['constant', 'linear', 'exponential', 'step', 'cosine', 'warmup', 'keyframes'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];
/** What `t` counts. Explicit on every schedule, so "10" never silently means the wrong thing. */
export type ScheduleUnit = 'step' | 'epoch';

/** Every `t` below (`startEpoch`, `at`, ...) is in the schedule's `unit`, whatever its name says. */
interface Timed {
  unit: ScheduleUnit;
}
/** A fixed weight. */
export interface ConstantSchedule extends Timed {
  schedule: 'constant';
  value: number;
}
/**
 * `initialValue` until `startEpoch`, a ramp to `targetValue` at `endEpoch`, then held. The ramp
 * is a straight line (linear), a geometric one (exponential: each epoch multiplies the weight
 * by the same factor), or a half cosine (cosine: flat at both ends). Named as in NectarGAN.
 */
export interface RampSchedule extends Timed {
  schedule: 'linear' | 'exponential' | 'cosine';
  /** @default 0 */
  startEpoch: number;
  endEpoch: number;
  initialValue: number;
  targetValue: number;
}
/** `initialValue`, replaced by each `[at, value]` pair's value from `at` on. */
export interface StepSchedule extends Timed {
  schedule: 'step';
  initialValue: number;
  steps: [number, number][];
}
/** A linear ramp from `initialValue` at 0 to `targetValue` at `warmupEpochs`, then held. */
export interface WarmupSchedule extends Timed {
  schedule: 'warmup';
  warmupEpochs: number;
  /** @default 0 */
  initialValue: number;
  targetValue: number;
}
/** Piecewise-linear through `[t, value]` points, held flat before the first and after the last. */
export interface KeyframeSchedule extends Timed {
  schedule: 'keyframes';
  keyframes: [number, number][];
}
export type Schedule = ConstantSchedule | RampSchedule | StepSchedule | WarmupSchedule | KeyframeSchedule;

/** Thrown for an invalid schedule or sampling request; the message names the field's path. */
export class ScheduleError extends Error {
  override readonly name = 'ScheduleError';
}

// z.number() already rejects NaN and ±Infinity in zod 4.
const time = z.number({ error: 'must be a finite number' });
// Every weight a schedule gives lies between two of these, so bounding them bounds the curve.
const weight = time.min(0, { error: 'must be >= 0: a loss weight is never negative' }).superRefine((value, ctx) => {
  const overflow = weightOverflow(value);
  if (overflow !== null) ctx.addIssue({ code: 'custom', message: overflow });
});
const unit = z.enum(['step', 'epoch'], { error: 'must be "step" or "epoch" (what t counts)' });
const point = z.tuple([time, weight], { error: 'must be a [time, weight] pair' });
/** `[t, value]` pairs; sorted so evaluation can scan once and a typo'd time is caught early. */
const points = z
  .array(point, { error: 'must be a list of [time, weight] pairs' })
  .min(1, { error: 'must have at least one [time, weight] pair' })
  .superRefine((list, ctx) => {
    for (let i = 1; i < list.length; i++) {
      const [prev, at] = [list[i - 1]![0], list[i]![0]];
      if (!(at > prev)) {
        ctx.addIssue({ code: 'custom', path: [i, 0], message: `times must strictly increase (got ${at} <= ${prev})` });
      }
    }
  });

const constantSchema = z.strictObject({ schedule: z.literal('constant'), unit, value: weight });
const rampSchema = z
  .strictObject({
    schedule: z.literal(['linear', 'exponential', 'cosine']),
    unit,
    startEpoch: time.default(0),
    endEpoch: time,
    initialValue: weight,
    targetValue: weight,
  })
  .superRefine((s, ctx) => {
    // A zero-length ramp would divide by zero; NectarGAN leaves that to a ZeroDivisionError.
    if (!(s.endEpoch > s.startEpoch)) {
      const message = `must be greater than startEpoch (got ${s.endEpoch} <= ${s.startEpoch})`;
      ctx.addIssue({ code: 'custom', path: ['endEpoch'], message });
    }
  });
const stepSchema = z.strictObject({ schedule: z.literal('step'), unit, initialValue: weight, steps: points });
const warmupSchema = z.strictObject({
  schedule: z.literal('warmup'),
  unit,
  warmupEpochs: time.positive({ error: 'must be greater than 0' }),
  initialValue: weight.default(0),
  targetValue: weight,
});
const keyframesSchema = z.strictObject({ schedule: z.literal('keyframes'), unit, keyframes: points });

export const scheduleSchema: z.ZodType<Schedule> = z.discriminatedUnion('schedule', [
  constantSchema,
  rampSchema,
  stepSchema,
  warmupSchema,
  keyframesSchema,
]);

const fieldsOf: Record<ScheduleKind, readonly string[]> = {
  constant: Object.keys(constantSchema.shape),
  linear: Object.keys(rampSchema.shape),
  exponential: Object.keys(rampSchema.shape),
  cosine: Object.keys(rampSchema.shape),
  step: Object.keys(stepSchema.shape),
  warmup: Object.keys(warmupSchema.shape),
  keyframes: Object.keys(keyframesSchema.shape),
};

function describe(issue: z.core.$ZodIssue, input: unknown): string {
  const got = valueAt(input, issue.path);
  if (issue.code === 'unrecognized_keys') {
    const kind = valueAt(input, [...issue.path, 'schedule']) as ScheduleKind;
    const keys = listProblems(issue.keys.map((k) => show(k, 40)), 5).join(', ');
    return `unknown key ${keys} (a ${kind} schedule takes ${fieldsOf[kind].join(', ')})`;
  }
  if (issue.code === 'invalid_union' && issue.path.at(-1) === 'schedule') {
    return `unknown schedule kind ${show(got)} (valid kinds: ${SCHEDULE_KINDS.join(', ')})`;
  }
  // Our own checks already say what they got.
  return issue.code === 'custom' ? issue.message : `${issue.message} (got ${show(got)})`;
}

/** The most problems one schedule error lists. */
const MAX_SCHEDULE_PROBLEMS = 5;

/**
 * Validates a schedule from JSON. Throws a ScheduleError naming each bad field from `path`,
 * e.g. `losses[2].schedule.endEpoch: must be greater than startEpoch (got 5 <= 10)`.
 */
export function parseSchedule(value: unknown, path = 'schedule'): Schedule {
  const shape = checkJsonShape(value);
  if (shape !== null) throw new ScheduleError(capMessage(`${jsonPath(path, shape.keys)}: ${shape.message}`));
  const result = scheduleSchema.safeParse(value);
  if (result.success) return result.data;
  // `losses[2].schedule` + ['keyframes', 1, 0] -> `losses[2].schedule.keyframes[1][0]`; five problems at most.
  const { issues } = result.error;
  const problems = issues.slice(0, MAX_SCHEDULE_PROBLEMS).map((issue) => `${jsonPath(path, issue.path)}: ${describe(issue, value)}`);
  if (issues.length > MAX_SCHEDULE_PROBLEMS) problems.push(`and ${issues.length - MAX_SCHEDULE_PROBLEMS} more`);
  throw new ScheduleError(capMessage(problems.join('; ')));
}
