// The EMA generator's settings (MMagic's `ema_config`), as JSON in a run's settings. One schema
// for the page, the CLI and the worker; the engine's EmaGenerator (src/engine/emaGenerator.ts)
// follows MMagic's ExponentialMovingAverage and BaseGAN.train_step to the letter.
import { z } from '../zodConfig'; // zod, configured jitless before any schema is built
import { EMA_PREVIEWS, type EmaSettings } from './messages';
import { MIN_FLOAT32_NORMAL } from './optimizerConfig';

/** Bounds of the whole-number fields: far past any run, short of wedging a check. */
export const EMA_LIMITS = { startIteration: 1_000_000_000, interval: 1_000_000_000 } as const;

/**
 * Above this MMagic warns that the momentum "is usually a small number": it weights the new
 * weights, so 0.999 (the usual *decay* elsewhere) averages almost nothing.
 */
export const EMA_MOMENTUM_WARN = 0.5;

const momentumMessage = "must be a number between 0 and 1, both excluded (MMagic's momentum: the new weights' share per update, e.g. 0.001)";

function wholeNumber(min: number, max: number) {
  const message = `must be a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}`;
  return z.int({ error: message }).min(min, { error: message }).max(max, { error: message });
}

export const emaSettingsSchema = z.strictObject(
  {
    // MMagic asserts 0 < momentum < 1: at 0 the average never moves, at 1 it is the live G.
    momentum: z
      .number({ error: momentumMessage })
      .gt(0, { error: momentumMessage })
      .lt(1, { error: momentumMessage })
      // In float32, where the average is taken, a smaller momentum is 0: the average never moves.
      .refine((value) => !(value > 0) || value >= MIN_FLOAT32_NORMAL, { error: `${momentumMessage}; this is below ${MIN_FLOAT32_NORMAL.toPrecision(2)}, which float32 treats as 0: the average would never move` }),
    startIteration: wholeNumber(0, EMA_LIMITS.startIteration).optional(),
    interval: wholeNumber(1, EMA_LIMITS.interval).optional(),
    preview: z.enum(EMA_PREVIEWS, { error: `must be one of ${EMA_PREVIEWS.join(', ')}` }).optional(),
  },
  { error: 'must be an object like {"momentum": 0.001, "startIteration": 0} (or left out: no EMA generator)' },
) satisfies z.ZodType<EmaSettings>;

/** A warning for a momentum that averages almost nothing (MMagic's own, above 0.5), or null. */
export function emaMomentumWarning(momentum: number): string | null {
  if (!(momentum > EMA_MOMENTUM_WARN)) return null;
  const keeps = 1 - momentum;
  return (
    `EMA momentum ${momentum} is MMagic's: the new weights' share per update, so the average keeps only ${Number(keeps.toPrecision(3))} of itself ` +
    `each update and is nearly the live generator; for a decay of ${momentum} use momentum ${Number(keeps.toPrecision(3))}`
  );
}
