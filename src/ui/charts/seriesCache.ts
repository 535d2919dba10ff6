import type { Series } from '../../state/series';
import { BLOCK, downsampleBlocks, XBlocks, YBlocks } from './blocks';
import { downsampleMinMax, type Points } from './downsample';
import { IncrementalEma } from './smoothEma';
import { xValues, type XAxisKind } from './xAxis';

/** The arrays of a series a chart draws. */
export type YField = 'value' | 'raw' | 'weight';

interface Smoothed {
  readonly ema: IncrementalEma;
  readonly key: string;
  /** Block summaries of the smoothed values, by positiveOnly. */
  readonly blocks: Map<boolean, YBlocks>;
}

interface Entry {
  readonly x: Map<XAxisKind, XBlocks>;
  /** Block summaries of the raw fields, keyed `${field}|${positiveOnly}`. */
  readonly y: Map<string, YBlocks>;
  /** One smoothing per field: the last weight asked for (every chart shares one weight). */
  readonly smoothed: Map<YField, Smoothed>;
}

/**
 * Work derived from each series, kept between redraws: a series only grows (the store appends
 * in place), so smoothing and block summaries extend instead of starting over. Keyed weakly by
 * the Series object, so a store reset (new objects) drops it all.
 */
const cache = new WeakMap<Series, Entry>();

function entryOf(s: Series): Entry {
  let e = cache.get(s);
  if (!e) cache.set(s, (e = { x: new Map(), y: new Map(), smoothed: new Map() }));
  return e;
}

function getOrAdd<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) map.set(key, (v = make()));
  return v;
}

/**
 * The least and greatest x of a series, from the block summaries: O(n/16), and right even where
 * steps go back (a run restored from a checkpoint), where the first and last points are not the
 * extremes.
 */
export function xExtent(s: Series, axis: XAxisKind): readonly [number, number] | undefined {
  if (s.length === 0) return undefined;
  const x = xValues(s, axis);
  const xb = getOrAdd(entryOf(s).x, axis, () => new XBlocks());
  xb.update(x, s.length);
  let lo = Infinity;
  let hi = -Infinity;
  for (let b = 0; b < xb.complete; b++) {
    lo = Math.min(lo, xb.lo[b] as number);
    hi = Math.max(hi, xb.hi[b] as number);
  }
  for (let i = xb.complete * BLOCK; i < s.length; i++) {
    lo = Math.min(lo, x[i] as number);
    hi = Math.max(hi, x[i] as number);
  }
  return [lo, hi];
}

/** The series' field, smoothed with `weight` (TensorBoard's EMA); its first `s.length` values. */
export function smoothedValues(s: Series, field: YField, weight: number): Float64Array {
  return smoothedEntry(entryOf(s), s, field, weight).ema.out.subarray(0, s.length);
}

function smoothedEntry(e: Entry, s: Series, field: YField, weight: number): Smoothed {
  const key = String(weight);
  let sm = e.smoothed.get(field);
  if (!sm || sm.key !== key) e.smoothed.set(field, (sm = { ema: new IncrementalEma(weight), key, blocks: new Map() }));
  if (sm.ema.update(s[field], s.length)) sm.blocks.clear();
  return sm;
}

/**
 * A series' field (smoothed when `smoothing` > 0) reduced to at most 4 points per column,
 * the same points `downsampleMinMax` gives, at O(new points + n/16 + 16 * columns) a redraw.
 * With `window` (a zoomed chart), only the points [from, to) are read, by a plain M4 scan:
 * O(points in view), and none from outside folded into the edge columns.
 */
export function seriesPoints(
  s: Series,
  axis: XAxisKind,
  field: YField,
  smoothing: number,
  columns: number,
  xRange: readonly [number, number],
  positiveOnly: boolean,
  window?: { readonly from: number; readonly to: number },
): Points {
  const e = entryOf(s);
  const x = xValues(s, axis);
  if (window) {
    const y = smoothing > 0 ? smoothedEntry(e, s, field, smoothing).ema.out : s[field];
    return downsampleMinMax(x, y, window.from, window.to, columns, { xRange, positiveOnly });
  }
  const xb = getOrAdd(e.x, axis, () => new XBlocks());
  if (smoothing > 0) {
    const sm = smoothedEntry(e, s, field, smoothing);
    const yb = getOrAdd(sm.blocks, positiveOnly, () => new YBlocks(positiveOnly));
    return downsampleBlocks(x, sm.ema.out, s.length, xb, yb, columns, xRange);
  }
  const yb = getOrAdd(e.y, `${field}|${positiveOnly}`, () => new YBlocks(positiveOnly));
  return downsampleBlocks(x, s[field], s.length, xb, yb, columns, xRange);
}
