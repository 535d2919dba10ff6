import type { HistoryState } from '../../state/historyStore';
import type { Series } from '../../state/series';
import type { Points } from './downsample';
import type { LossChartOptions } from './options';
import { isDerivedSeries, seriesLabel } from '../../manager/seriesNames';
import { markersFor, type ChartMarker } from './markers';
import { chartColors, lossColor } from './palette';
import { seriesPoints, xExtent } from './seriesCache';
import { xValues } from './xAxis';
import { visibleWindow, zoomedYBounds } from './zoom';
import { extent, logNote, logSafe, logTicks, niceLinear, outlierBounds, padDomain, unionDomain, type Domain } from './yDomain';

/** One drawn line: a loss (smoothed or not), its faint unsmoothed copy, or its weight. */
export interface ChartLine {
  /** Unique in the chart (React key, recharts id). */
  readonly key: string;
  readonly name: string;
  /** Legend text. */
  readonly label: string;
  readonly color: string;
  /** 'overlay': another run's curve, drawn dotted under this run's. */
  readonly role: 'main' | 'unsmoothed' | 'weight' | 'overlay';
  /** Downsampled points in data units, as typed arrays: drawn as one SVG path (linePath.ts). */
  readonly points: Points;
}

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
) => ChartModel;

/** The drawn lines of a chart, with what the axes and notes need from them. */
interface Drawn {
  readonly lines: ChartLine[];
  /** Loss points (faint ones included), for the y extent when outliers are shown. */
  readonly losses: Points[];
  /** Smoothed points (overlays included; none when not smoothing): always inside the y range. */
  readonly smoothed: Points[];
  readonly weights: Points[];
  /** Points a log axis hid, and non-finite values, in the unsmoothed data. */
  hidden: number;
  nonFinite: number;
  /** Each colour key's colour in this chart. */
  colors: ReadonlyMap<string, string>;
}

/** Series names of an overlaid run carry this prefix inside the model. */
export const OVERLAY_PREFIX = '\u0001overlay:';

function drawLines(series: readonly Series[], options: LossChartOptions, columns: number, xRange: Domain, zoomed: boolean): Drawn {
  const field = options.show === 'raw' ? 'raw' : 'value';
  const { smoothing, logY, xAxis } = options;
  const colors = chartColors(series.map((s) => (s.name.startsWith(OVERLAY_PREFIX) ? s.name.slice(OVERLAY_PREFIX.length) : seriesLabel(s.name).colorOf)));
  const colorOf = (key: string) => colors.get(key) ?? lossColor(key);
  const d: Drawn = { lines: [], losses: [], smoothed: [], weights: [], hidden: 0, nonFinite: 0, colors };
  for (const s of series) {
    const w = zoomed ? visibleWindow(xValues(s, xAxis), s.length, xRange) : undefined;
    const window = w && { from: w.drawFrom, to: w.drawTo };
    if (s.name.startsWith(OVERLAY_PREFIX)) {
      // Another run, for comparison: its (smoothed) curve only, dotted, in its loss's colour.
      const name = s.name.slice(OVERLAY_PREFIX.length);
      const points = seriesPoints(s, xAxis, field, smoothing, columns, xRange, logY, window);
      d.losses.push(points);
      if (smoothing > 0) d.smoothed.push(points);
      d.lines.push(line(s.name, 'overlay', `${name} (overlay)`, colorOf(name), points));
      continue;
    }
    // A gradient norm or share of a loss is drawn in that loss's colour, named by it.
    const labelled = seriesLabel(s.name);
    const label = labelled.label;
    const color = colorOf(labelled.colorOf);
    const raw = seriesPoints(s, xAxis, field, 0, columns, xRange, logY, window);
    d.hidden += raw.nonPositive;
    d.nonFinite += raw.nonFinite;
    d.losses.push(raw);
    if (smoothing > 0) {
      const main = seriesPoints(s, xAxis, field, smoothing, columns, xRange, logY, window);
      d.losses.push(main);
      d.smoothed.push(main);
      // Behind the smoothed line and out of the legend, as TensorBoard draws it.
      d.lines.push(line(s.name, 'unsmoothed', `${label} (unsmoothed)`, color, raw));
      d.lines.push(line(s.name, 'main', label, color, main));
    } else {
      d.lines.push(line(s.name, 'main', label, color, raw));
    }
    if (options.showWeight && !isDerivedSeries(s.name)) {
      const weight = seriesPoints(s, xAxis, 'weight', 0, columns, xRange, false, window);
      d.weights.push(weight);
      d.lines.push(line(s.name, 'weight', `${label} weight`, color, weight));
    }
  }
  return d;
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
    const key = `${series.map((s) => s.name).join('\u0000')}|${field}|${options.logY}`;
    const total = series.reduce((n, s) => n + s.length, 0);
    if (!memo || memo.key !== key || total < memo.total || total > memo.total * 1.01) {
      const sources = series.map((s) => s[field].subarray(0, s.length));
      memo = { key, total, bounds: outlierBounds(sources, 0.95, options.logY) };
    }
    return memo.bounds;
  };

  return (state, names, options, columns, zoom) => {
    const series = names.map((n) => state.series.get(n)).filter((s): s is Series => s !== undefined && s.length > 0);
    const dataX = sharedXRange(series, options.xAxis);
    if (!dataX) return EMPTY_MODEL;
    // Columns span the axis, so each is one pixel of the plot.
    const zoomed = zoom !== undefined && zoom[1] > zoom[0];
    const xRange = zoomed ? zoom : niceLinear(dataX).domain;
    const d = drawLines(series, options, columns, xRange, zoomed);
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
    const marked = markersFor(state, series, options.xAxis, d.colors);
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
): ChartModel {
  return createChartModelBuilder()(state, names, options, columns, zoom);
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

function line(name: string, role: ChartLine['role'], label: string, color: string, points: Points): ChartLine {
  return { key: `${name}:${role}`, name, label, color, role, points };
}

/** The x range shared by the chart's lines, so their pixel columns line up. */
function sharedXRange(series: readonly Series[], axis: LossChartOptions['xAxis']): Domain | undefined {
  return unionDomain(series.map((s) => xExtent(s, axis)));
}
