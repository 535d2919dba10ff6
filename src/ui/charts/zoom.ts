import type { Series } from '../../state/series';
import type { LossChartOptions } from './options';
import { smoothedValues } from './seriesCache';
import { xValues } from './xAxis';
import { extent, outlierBounds, unionDomain, type Domain } from './yDomain';

/** The indices of a series inside a zoomed x range. */
export interface VisibleWindow {
  /** First and one past the last index with x inside the range: what the y axis scales to. */
  readonly from: number;
  readonly to: number;
  /** One more point each side where there is one, so the lines run to the plot's edges. */
  readonly drawFrom: number;
  readonly drawTo: number;
}

/** First index in [0, length) whose value is >= x (or > x with `after`), on ascending values. */
function bound(values: ArrayLike<number>, length: number, x: number, after: boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const v = values[mid] as number;
    if (v < x || (after && v === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The points of ascending `x` (its first `length`) inside [range[0], range[1]], by binary search. */
export function visibleWindow(x: ArrayLike<number>, length: number, range: Domain): VisibleWindow {
  const from = bound(x, length, range[0], false);
  const to = Math.max(from, bound(x, length, range[1], true));
  return { from, to, drawFrom: Math.max(0, from - 1), drawTo: Math.min(length, to + 1) };
}

/**
 * The x range a drag selects, from where it started and ended as shares of the plot's width
 * (clamped to the plot), in the units of `domain`: undefined for a drag narrower than
 * `minFraction` of the plot (a click, a shaky hand) or on an empty axis.
 * @param minFraction least drag, as a share of the plot's width @default 0.01
 */
export function dragRange(start: number, end: number, domain: Domain, minFraction = 0.01): Domain | undefined {
  const a = Math.min(1, Math.max(0, Math.min(start, end)));
  const b = Math.min(1, Math.max(0, Math.max(start, end)));
  const span = domain[1] - domain[0];
  if (!(b - a >= minFraction) || !(span > 0)) return undefined;
  return [domain[0] + a * span, domain[0] + b * span];
}

function extentOf(values: Float32Array | Float64Array, positiveOnly: boolean): Domain | undefined {
  if (!positiveOnly) return extent(values);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!(v > 0) || v === Infinity) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/**
 * The y extent of what a zoomed chart shows: the same rule as unzoomed (outliers judged on the
 * raw values, every smoothed point in view), over the points inside the x range only, so the y
 * axis rescales to them. O(visible points) a redraw.
 */
export function zoomedYBounds(series: readonly Series[], options: LossChartOptions, range: Domain): Domain | undefined {
  const field = options.show === 'raw' ? 'raw' : 'value';
  const raws: Float32Array[] = [];
  const smooth: Float64Array[] = [];
  for (const s of series) {
    const w = visibleWindow(xValues(s, options.xAxis), s.length, range);
    raws.push(s[field].subarray(w.from, w.to));
    if (options.smoothing > 0) smooth.push(smoothedValues(s, field, options.smoothing).subarray(w.from, w.to));
  }
  const smoothed = smooth.map((v) => extentOf(v, options.logY));
  if (options.ignoreOutliers) return unionDomain([outlierBounds(raws, 0.95, options.logY), ...smoothed]);
  return unionDomain([...raws.map((v) => extentOf(v, options.logY)), ...smoothed]);
}
