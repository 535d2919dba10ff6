import type { Alarm } from './types';

/**
 * One alarm's detection: fed every value of the run's history in order, it keeps what its
 * windows need and says when its condition is first met (once per episode: after raising, it
 * raises again only once its clear condition has held).
 */
export interface AlarmRule {
  /** One finite value of series `name` at `step`; the alarm it raises, or null. */
  push(name: string, step: number, value: number): Alarm | null;
}

/** A number for an alarm's text: 3 significant digits, no trailing zeros. */
export function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value !== 0 && (Math.abs(value) < 1e-3 || Math.abs(value) >= 1e5)) return value.toExponential(2).replace(/\.?0+e/, 'e').replace('e+', 'e');
  return String(Number(value.toPrecision(3)));
}

/** A share as a whole percentage ("35%"). */
export const percent = (share: number): string => `${Math.round(share * 100)}%`;
