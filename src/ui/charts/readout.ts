import type { Series } from '../../state/series';
import { groupSeries } from './groupSeries';
import { smoothedValues, type YField } from './seriesCache';

/** TensorBoard's tooltip orders (its `TooltipSort`): as the legend, by value, or nearest the pointer. */
export const TOOLTIP_SORTS = ['default', 'descending', 'ascending', 'nearest'] as const;
export type TooltipSort = (typeof TOOLTIP_SORTS)[number];

/**
 * Index of the value nearest `x` among the first `length` of ascending `values` (a series'
 * steps or times), by binary search: O(log n) per pointer move over 100,000 points. A tie goes
 * to the earlier point; -1 when there is none. Where steps went back (a restored checkpoint)
 * the array is not sorted and this finds a near point, not necessarily the nearest.
 */
export function nearestIndex(values: ArrayLike<number>, length: number, x: number): number {
  if (length <= 0 || Number.isNaN(x)) return -1;
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((values[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  if (lo === 0) return 0;
  if (lo === length) return length - 1;
  return x - (values[lo - 1] as number) <= (values[lo] as number) - x ? lo - 1 : lo;
}

/** One line of the hover readout: a series at the logged step nearest the cursor. */
export interface ReadoutRow {
  readonly key: string;
  readonly label: string;
  readonly color: string;
  /** The step read (the nearest this series logged; gradient series log every few steps). */
  readonly step: number;
  /** The value drawn as the main line: smoothed, or the raw value when not smoothing. */
  readonly smoothed: number;
  /** The logged value itself, from the history (not the chart's downsampled points). */
  readonly raw: number;
}

/** What to read: the chart's drawn lines with their series. */
export interface ReadoutSource {
  readonly key: string;
  readonly label: string;
  readonly color: string;
  readonly series: Series;
  /** A seed group's members (`series` among them): the row is their mean. */
  readonly members?: readonly Series[];
}

/**
 * The series of `sources` whose last step is the greatest (the first on a tie): the one the
 * cursor snaps to, so that it reaches every shown run's end however short the open run is.
 */
export function furthest(sources: readonly ReadoutSource[]): Series | undefined {
  let best: Series | undefined;
  for (const { series } of sources) if (!best || (series.step[series.length - 1] as number) > (best.step[best.length - 1] as number)) best = series;
  return best;
}

/**
 * Each series' values at its logged step nearest `step`, read from the full history. Smoothed
 * values come from the same cached EMA the chart draws (seriesCache), so reading them costs the
 * new points since the last redraw at most.
 */
export function readoutRows(sources: readonly ReadoutSource[], step: number, field: YField, smoothing: number): ReadoutRow[] {
  const rows: ReadoutRow[] = [];
  for (const { key, label, color, series, members } of sources) {
    if (members && members.length > 1) {
      const row = groupRowAt(members, step, field, smoothing);
      if (row) rows.push({ key, label, color, ...row });
      continue;
    }
    const i = nearestIndex(series.step, series.length, step);
    if (i < 0) continue;
    const raw = series[field][i] as number;
    const smoothed = smoothing > 0 ? (smoothedValues(series, field, smoothing)[i] as number) : raw;
    rows.push({ key, label, color, step: series.step[i] as number, smoothed, raw });
  }
  return rows;
}

/**
 * A seed group's row at the step of its drawn line nearest `step`: the mean there of the
 * members' smoothed values (the line drawn) and of their logged values, over the members that
 * logged that step (groupSeries, the same merge the chart draws; cached, so a pointer move
 * costs a binary search). Null for a group with no values.
 */
export function groupRowAt(members: readonly Series[], step: number, field: YField, smoothing: number): { step: number; smoothed: number; raw: number } | null {
  const drawn = groupSeries(members, field, smoothing).mean;
  const i = nearestIndex(drawn.step, drawn.length, step);
  if (i < 0) return null;
  const logged = smoothing > 0 ? groupSeries(members, field, 0).mean : drawn;
  return { step: drawn.step[i] as number, smoothed: drawn.value[i] as number, raw: logged.value[i] as number };
}

/** NaN sorts after every number in either direction, as it has no place on the axis. */
function byValue(a: number, b: number, sign: 1 | -1): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : -1;
  return sign * (a - b);
}

/**
 * The rows in TensorBoard's tooltip order, by the drawn (smoothed) value: 'default' keeps the
 * legend's order; 'nearest' puts first the row whose value is nearest the pointer, `distance`
 * measuring it (in pixels, so a log axis counts as drawn); without a pointer height (the cursor
 * moved by keys) it keeps the legend's order. Stable: equal values keep the legend's order.
 */
export function sortRows(rows: readonly ReadoutRow[], mode: TooltipSort, distance?: (value: number) => number): ReadoutRow[] {
  const out = [...rows];
  switch (mode) {
    case 'default':
      return out;
    case 'ascending':
      return out.sort((a, b) => byValue(a.smoothed, b.smoothed, 1));
    case 'descending':
      return out.sort((a, b) => byValue(a.smoothed, b.smoothed, -1));
    case 'nearest':
      return distance ? out.sort((a, b) => byValue(distance(a.smoothed), distance(b.smoothed), 1)) : out;
    default: {
      const never: never = mode;
      throw new Error(`sortRows: unknown tooltip order '${String(never)}'`);
    }
  }
}
