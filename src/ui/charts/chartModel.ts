import type { HistoryState } from '../../state/historyStore';
import type { Series } from '../../state/series';
import { comparedSeries, drawLines, drawRunLines, type ChartLine } from './chartLines';
import { comparesRuns, type Comparison } from './comparison';
import type { LossChartOptions } from './options';
import { markersFor, type ChartMarker } from './markers';
import { xExtent } from './seriesCache';
import { zoomedYBounds } from './zoom';
import { extent, logNote, logSafe, logTicks, niceLinear, outlierBounds, padDomain, unionDomain, type Domain } from './yDomain';

export type { ChartLine } from './chartLines';

export { MAX_ALARM_MARKERS, MAX_MARKERS, type ChartMarker } from './markers';

/** Everything a LossChart draws, computed from the store outside React's render. */
export interface ChartModel {
  readonly lines: readonly ChartLine[];
  /**
   * The x axis: the data's range rounded out to whole tick steps (d3's nice(), as TensorBoard),
   * so while a run grows the axes change a few times, not at every redraw.
   */
  readonly xDomain: Domain | undefined;
  /** The data's x range: first and last step (or time) drawn. */
  readonly xExtent: Domain | undefined;
  readonly yDomain: Domain | undefined;
  /** Tick values of the y axis (recharts' own are poor on a log scale and on fixed domains). */
  readonly yTicks: readonly number[];
  /** The right-hand axis of the weight curves, from 0 (a weight's scale starts there). */
  readonly weightDomain: Domain | undefined;
  readonly weightTicks: readonly number[];
  readonly markers: readonly ChartMarker[];
  /** Plain-language notes under the chart (points a log axis hides, non-finite values). */
  readonly notes: readonly string[];
  /** Points drawn in all lines, for tests and the performance check. */
  readonly pointCount: number;
}

export const EMPTY_MODEL: ChartModel = { lines: [], xDomain: undefined, xExtent: undefined, yDomain: undefined, yTicks: [], weightDomain: undefined, weightTicks: [], markers: [], notes: [], pointCount: 0 };

/** What a chart reads of the history store (alarms optional: an overlay or a test may have none). */
export type ChartState = Pick<HistoryState, 'series' | 'marks'> & Partial<Pick<HistoryState, 'alarms'>>;

export type ChartModelBuilder = (
  state: ChartState,
  names: readonly string[],
  options: LossChartOptions,
  columns: number,
  /** A zoomed x range (the axis's units): drawn exactly, and y scaled to the points inside it. */
  zoom?: Domain,
  /** Other runs and seed groups to draw beside the open run (then coloured by run). */
  comparison?: Comparison | null,
) => ChartModel;

/** A number per Series object, for the outlier memo's key (names repeat across runs). */
const seriesIds = new WeakMap<Series, number>();
let nextSeriesId = 0;
function seriesId(s: Series): number {
  let id = seriesIds.get(s);
  if (id === undefined) seriesIds.set(s, (id = nextSeriesId++));
  return id;
}

/**
 * A chart's model builder. It remembers the outlier bounds (an O(n) selection over every
 * point) and recomputes them only when the points grew by more than 1% or the options changed:
 * percentiles of 100,000 points do not move with the next 100.
 */
export function createChartModelBuilder(): ChartModelBuilder {
  let memo: { key: string; total: number; bounds: Domain | undefined } | undefined;

  /**
   * Outliers are judged on the unsmoothed values (TensorBoard judges its main lines, the smoothed
   * ones, whose percentiles cut off a smoothed curve's own start and swings).
   */
  const outliersIgnored = (series: readonly Series[], options: LossChartOptions) => {
    const field = options.show === 'raw' ? 'raw' : 'value';
    const key = `${series.map(seriesId).join(',')}|${field}|${options.logY}`;
    const total = series.reduce((n, s) => n + s.length, 0);
    if (!memo || memo.key !== key || total < memo.total || total > memo.total * 1.01) {
      const sources = series.map((s) => s[field].subarray(0, s.length));
      memo = { key, total, bounds: outlierBounds(sources, 0.95, options.logY) };
    }
    return memo.bounds;
  };

  return (state, names, options, columns, zoom, comparison) => {
    const byRun = comparesRuns(comparison);
    // Every series drawn: the axes take in all the runs' points.
    const series = byRun ? comparedSeries(state, names, comparison) : names.map((n) => state.series.get(n)).filter((s): s is Series => s !== undefined && s.length > 0);
    const dataX = sharedXRange(series, options.xAxis);
    if (!dataX) return EMPTY_MODEL;
    // Columns span the axis, so each is one pixel of the plot.
    const zoomed = zoom !== undefined && zoom[1] > zoom[0];
    const xRange = zoomed ? zoom : niceLinear(dataX).domain;
    const d = byRun ? drawRunLines(state, names, comparison, options, columns, xRange, zoomed) : drawLines(series, options, columns, xRange, zoomed);
    // With outliers shown: every drawn point, faint lines included, so every spike is in view.
    // M4 keeps each column's extremes, so the drawn points' extent is the data's.
    // Either way every smoothed point is in view: the trend is what the chart is read by.
    const bounds = zoomed
      ? zoomedYBounds(series, options, xRange)
      : options.ignoreOutliers
      ? unionDomain([outliersIgnored(series, options), ...d.smoothed.map((p) => extent(p.y, p.length))])
      : unionDomain(d.losses.map((p) => extent(p.y, p.length)));
    const y = yAxis(bounds, options.logY);
    const weight = weightAxis(unionDomain(d.weights.map((p) => extent(p.y, p.length))));
    // Weight changes and alarms are the open run's.
    const marked = markersFor(state, names.flatMap((n) => state.series.get(n) ?? []), options.xAxis, d.colors);
    const notes = [logNote(d.hidden), d.nonFinite > 0 ? `${d.nonFinite} non-finite value${d.nonFinite === 1 ? '' : 's'} not drawn` : '', ...marked.notes];
    return {
      lines: d.lines,
      xDomain: xRange,
      xExtent: dataX,
      yDomain: y?.domain,
      yTicks: y?.ticks ?? [],
      weightDomain: weight?.domain,
      weightTicks: weight?.ticks ?? [],
      markers: marked.markers,
      notes: notes.filter((n) => n !== ''),
      pointCount: d.lines.reduce((n, l) => n + l.points.length, 0),
    };
  };
}

/** A one-off model (tests, a single redraw); a chart keeps one builder instead. */
export function buildChartModel(
  state: ChartState,
  names: readonly string[],
  options: LossChartOptions,
  columns: number,
  zoom?: Domain,
  comparison?: Comparison | null,
): ChartModel {
  return createChartModelBuilder()(state, names, options, columns, zoom, comparison);
}

/** Padded (by a factor on a log axis) and, on a linear axis, rounded out to whole ticks. */
function yAxis(bounds: Domain | undefined, logY: boolean): { domain: Domain; ticks: number[] } | undefined {
  if (!bounds) return undefined;
  if (!logY) return niceLinear(padDomain(bounds));
  const domain = logSafe(bounds);
  return domain && { domain, ticks: logTicks(domain) };
}

/** From 0 (a weight's scale starts there), with 5% headroom so a constant weight is not the frame. */
function weightAxis(w: Domain | undefined): { domain: Domain; ticks: number[] } | undefined {
  if (!w) return undefined;
  const lo = Math.min(0, w[0]);
  const hi = Math.max(0, w[1]);
  return niceLinear(hi > lo ? [lo, hi + 0.05 * (hi - lo)] : [0, 1]); // all weights 0: a unit axis
}

/** The x range shared by the chart's lines, so their pixel columns line up. */
function sharedXRange(series: readonly Series[], axis: LossChartOptions['xAxis']): Domain | undefined {
  return unionDomain(series.map((s) => xExtent(s, axis)));
}
