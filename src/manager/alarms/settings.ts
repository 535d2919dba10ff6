// The alarms' thresholds and windows: a run setting (`alarms` in RunSettings), every field
// optional, each alarm's defaults below. One schema for the page, a link, the CLI and the worker,
// checked with field paths by validateRunSettings (`alarms.dOverpowering.accuracy: ...`).
import { z } from '../../zodConfig'; // zod, configured jitless before any schema is built

/**
 * Every alarm's settings when the run leaves them out. Windows count points of the series the
 * alarm reads (a D update's accuracy, a G update's loss, a gradient or metric measurement).
 */
export const ALARM_DEFAULTS = {
  /** D's accuracy near 1 while G's adversarial loss rises. */
  dOverpowering: {
    enabled: true,
    /** Raised when D's accuracy, averaged over `window` updates, is at least this. @default 0.98 */
    accuracy: 0.98,
    /** Cleared (and may be raised again) once that average is below this. @default 0.9 */
    clearAccuracy: 0.9,
    /** Points averaged: D updates for the accuracy, G updates for each half of the loss's comparison. @default 100 */
    window: 100,
    /** G's loss is rising when its mean over the last `window` updates exceeds the mean over the `window` before by this share of the latter's size. @default 0.1 */
    gLossRise: 0.1,
  },
  /** Mode coverage (toy) or class entropy (digits) falling from its best. */
  modeCollapse: {
    enabled: true,
    /**
     * Raised when the value is at most (1 - drop) x its best so far, once that best reached at
     * least half the modes (coverage) or 1 (class entropy). Cleared once it is back above
     * (1 - drop / 2) x best. @default 0.25
     */
    drop: 0.25,
    /** Measurements in a row that must be that low (one low measurement may be noise). @default 2 */
    points: 2,
  },
  /** G's whole gradient norm (`grad/G`, with gradient diagnostics on) falling towards 0. */
  vanishingGradient: {
    enabled: true,
    /** Raised when the recent norm is below this share of its early median... @default 0.01 */
    ratio: 0.01,
    /** ...or below this norm, whatever the start was. @default 1e-6 */
    absolute: 1e-6,
    /** Measurements whose median is the early norm. @default 5 */
    baseline: 5,
    /** Measurements whose median is the recent norm. Cleared once it is back above twice the threshold. @default 3 */
    window: 3,
  },
  /** A quality metric (JS, KL, KID, FID, L1 up; PSNR, SSIM down) worsening over a long window. */
  metricWorsening: {
    enabled: true,
    /** Measurements the trend line is fitted to. @default 6 */
    points: 6,
    /** Raised when that line worsens, from the window's first measurement to its last, by more than this share of its starting value (and by more than twice its standard error). Cleared once it no longer worsens. @default 0.1 */
    tolerance: 0.1,
  },
  /** A loss's size (median |value|) grown far past its start. */
  lossExploding: {
    enabled: true,
    /** Raised when the recent size is above this multiple of the early size... @default 1000 */
    factor: 1000,
    /** ...and above this, whatever the start was. @default 10000 */
    absolute: 1e4,
    /** The loss's first values, whose median |value| is its early size. @default 20 */
    baseline: 20,
    /** Its last values, whose median |value| is its recent size. Cleared once that is under a tenth of the line. @default 5 */
    window: 5,
  },
} as const;

type Widen<T> = { -readonly [K in keyof T]: T[K] extends boolean ? boolean : T[K] extends number ? number : T[K] };
export type ResolvedAlarmSettings = { readonly [K in keyof typeof ALARM_DEFAULTS]: Readonly<Widen<(typeof ALARM_DEFAULTS)[K]>> };

/** The largest window or point count: windows are kept in memory for every step of a run. */
export const MAX_ALARM_WINDOW = 100_000;

const flag = z.boolean({ error: 'must be true or false' }).optional();
const count = (min: number) => {
  const error = `must be a whole number from ${min} to ${MAX_ALARM_WINDOW.toLocaleString('en-US')}`;
  return z.int({ error }).min(min, { error }).max(MAX_ALARM_WINDOW, { error }).optional();
};
const share = (what: string, min: 'open' | 'closed') => {
  const error = `must be a number ${min === 'open' ? '> 0' : '>= 0'} and <= 1 (${what})`;
  const n = z.number({ error });
  return (min === 'open' ? n.positive({ error }) : n.min(0, { error })).max(1, { error }).optional();
};
const atLeastOne = (what: string) => z.number({ error: `must be a finite number >= 1 (${what})` }).min(1, { error: `must be a finite number >= 1 (${what})` }).optional();
const nonNegative = (what: string) => z.number({ error: `must be a finite number >= 0 (${what})` }).min(0, { error: `must be a finite number >= 0 (${what})` }).optional();

const dOverpowering = z
  .strictObject(
    {
      enabled: flag,
      accuracy: share('a mean accuracy', 'open'),
      clearAccuracy: share('a mean accuracy', 'closed'),
      window: count(2),
      gLossRise: nonNegative("a share of G's loss"),
    },
    { error: 'must be an object, e.g. {"accuracy": 0.98, "window": 100}' },
  )
  .superRefine((s, ctx) => {
    const raise = s.accuracy ?? ALARM_DEFAULTS.dOverpowering.accuracy;
    const clear = s.clearAccuracy ?? ALARM_DEFAULTS.dOverpowering.clearAccuracy;
    if (!(clear < raise)) ctx.addIssue({ code: 'custom', path: ['clearAccuracy'], message: `must be below accuracy (${raise}), or the alarm never clears` });
  });

export const alarmSettingsSchema = z.strictObject(
  {
    dOverpowering: dOverpowering.optional(),
    modeCollapse: z.strictObject({ enabled: flag, drop: share('a share of the best value', 'open'), points: count(1) }, { error: 'must be an object, e.g. {"drop": 0.25}' }).optional(),
    vanishingGradient: z
      .strictObject(
        { enabled: flag, ratio: share('a share of the early norm', 'closed'), absolute: nonNegative('a gradient norm'), baseline: count(1), window: count(1) },
        { error: 'must be an object, e.g. {"ratio": 0.01}' },
      )
      .optional(),
    metricWorsening: z.strictObject({ enabled: flag, points: count(3), tolerance: nonNegative("a share of the metric's value") }, { error: 'must be an object, e.g. {"points": 6}' }).optional(),
    lossExploding: z
      .strictObject(
        { enabled: flag, factor: atLeastOne('a multiple of the early size'), absolute: nonNegative("a loss's size"), baseline: count(1), window: count(1) },
        { error: 'must be an object, e.g. {"factor": 1000}' },
      )
      .optional(),
  },
  { error: 'must be an object of alarm settings (dOverpowering, modeCollapse, vanishingGradient, metricWorsening, lossExploding)' },
);

/** The `alarms` run setting as given: every alarm and field optional. */
export type AlarmSettings = z.infer<typeof alarmSettingsSchema>;

/** The defaults with the given fields over them (a field given as undefined keeps its default). */
function withDefaults<T extends object>(defaults: T, given: Partial<Record<keyof T, unknown>> | undefined): T {
  const out = { ...defaults };
  for (const key of Object.keys(defaults) as (keyof T)[]) {
    const value = given?.[key];
    if (value !== undefined) out[key] = value as T[keyof T];
  }
  return out;
}

/** Every field, the given ones over the defaults. */
export function resolveAlarmSettings(given: AlarmSettings | undefined): ResolvedAlarmSettings {
  const d = ALARM_DEFAULTS as ResolvedAlarmSettings;
  return {
    dOverpowering: withDefaults(d.dOverpowering, given?.dOverpowering),
    modeCollapse: withDefaults(d.modeCollapse, given?.modeCollapse),
    vanishingGradient: withDefaults(d.vanishingGradient, given?.vanishingGradient),
    metricWorsening: withDefaults(d.metricWorsening, given?.metricWorsening),
    lossExploding: withDefaults(d.lossExploding, given?.lossExploding),
  };
}
