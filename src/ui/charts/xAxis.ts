import type { Series } from '../../state/series';

/** What the x axis counts: training steps, or milliseconds since the run started. */
export type XAxisKind = 'step' | 'time';

/** The series' x values for the chosen axis (its arrays have spare capacity: read `length`). */
export function xValues(series: Series, axis: XAxisKind): Float64Array {
  return axis === 'step' ? series.step : series.time;
}

/**
 * Where a weight change at `step` sits on the axis. On the time axis it is the time of the
 * first point logged at or after that step (binary search over the ascending steps), or
 * undefined when no point has been logged there yet.
 */
export function xForStep(series: Series, axis: XAxisKind, step: number): number | undefined {
  if (axis === 'step') return step;
  let lo = 0;
  let hi = series.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((series.step[mid] as number) < step) lo = mid + 1;
    else hi = mid;
  }
  return lo < series.length ? series.time[lo] : undefined;
}

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

/** Tick label: steps compact (12.5K), time as elapsed (45s, 3m 05s, 1h 02m). */
export function formatX(axis: XAxisKind, value: number): string {
  if (axis === 'step') return compact.format(value);
  const s = Math.max(0, Math.round(value / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** Tick label for losses: 4 significant digits, exponent form where fixed would be unreadable. */
export function formatY(value: number): string {
  const a = Math.abs(value);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return value.toExponential(2);
  return Number(value.toPrecision(4)).toString();
}
