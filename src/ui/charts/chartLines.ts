// The lines of one chart, downsampled: the open run's alone (a colour per series), or several
// runs and seed groups (a colour per run, as TensorBoard, and a dash pattern per series).
import { isDerivedSeries, seriesLabel } from '../../manager/seriesNames';
import type { HistoryState } from '../../state/historyStore';
import type { Series } from '../../state/series';
import type { Comparison } from './comparison';
import type { Points } from './downsample';
import { groupSeries } from './groupSeries';
import type { LossChartOptions } from './options';
import { chartColors, lossColor } from './palette';
import { seriesPoints } from './seriesCache';
import { xValues } from './xAxis';
import { visibleWindow } from './zoom';
import type { Domain } from './yDomain';

/** One drawn line: a loss (smoothed or not), its faint unsmoothed copy, its weight, another run's line, or a group's band. */
export interface ChartLine {
  /** Unique in the chart (React key, recharts id). */
  readonly key: string;
  /** The series' name (the open run's lines are read back by it). */
  readonly name: string;
  /** Legend and tooltip text. */
  readonly label: string;
  readonly color: string;
  /** 'overlay': another run's line, or a seed group's mean; 'band': a seed group's min-max band. */
  readonly role: 'main' | 'unsmoothed' | 'weight' | 'overlay' | 'band';
  /** Downsampled points in data units, as typed arrays: drawn as one SVG path (linePath.ts). A band's upper edge. */
  readonly points: Points;
  /** A band's lower edge. */
  readonly lower?: Points;
  /** SVG stroke-dasharray: which series of the chart it is, where lines are coloured by run. */
  readonly dash?: string;
  /** The run (its id) or seed group ('group:...') it belongs to, where a chart draws several. */
  readonly run?: string;
  /** The run's and the series' names apart, for a legend of several runs. */
  readonly legend?: { readonly run: string; readonly series: string };
  /**
   * What the hover readout reads for a line not of the open run: that run's series, or a
   * group's members (their mean). The open run's lines are found by name in the history.
   */
  readonly source?: readonly Series[];
}

/** The drawn lines of a chart, with what the axes and notes need from them. */
export interface Drawn {
  readonly lines: ChartLine[];
  /** Loss points (faint ones included), for the y extent when outliers are shown. */
  readonly losses: Points[];
  /** Smoothed points (other runs' and groups' included; none when not smoothing): always inside the y range. */
  readonly smoothed: Points[];
  readonly weights: Points[];
  /** Points a log axis hid, and non-finite values, in the unsmoothed data. */
  hidden: number;
  nonFinite: number;
  /** The colour of the weight-change markers of each series name (the open run's). */
  colors: ReadonlyMap<string, string>;
}

/**
 * A series' dash pattern in a chart of several runs, by its place in the chart: solid, dashed,
 * dotted, dash-dot, long dashes, then again.
 */
export const SERIES_DASHES: readonly (string | undefined)[] = [undefined, '6 3', '1.5 3', '8 3 2 3', '12 4'];

export function line(name: string, role: ChartLine['role'], label: string, color: string, points: Points, extra: Partial<ChartLine> = {}): ChartLine {
  return { key: `${name}:${role}`, name, label, color, role, points, ...extra };
}

/** What every draw shares: the field, the axis, the columns, the x range, and the zoom window of a series. */
interface DrawContext {
  readonly options: LossChartOptions;
  readonly field: 'value' | 'raw';
  readonly columns: number;
  readonly xRange: Domain;
  readonly zoomed: boolean;
}

function points(c: DrawContext, s: Series, smoothing: number, field: 'value' | 'raw' | 'weight' = c.field, logY = c.options.logY): Points {
  const w = c.zoomed ? visibleWindow(xValues(s, c.options.xAxis), s.length, c.xRange) : undefined;
  return seriesPoints(s, c.options.xAxis, field, smoothing, c.columns, c.xRange, logY, w && { from: w.drawFrom, to: w.drawTo });
}

function emptyDrawn(colors: ReadonlyMap<string, string>): Drawn {
  return { lines: [], losses: [], smoothed: [], weights: [], hidden: 0, nonFinite: 0, colors };
}

/** The open run's line(s) of a series: raw, or a faint raw copy under the smoothed line; its weight if asked. */
function ownLines(d: Drawn, c: DrawContext, s: Series, label: string, color: string, extra: Partial<ChartLine>): void {
  const { smoothing } = c.options;
  const raw = points(c, s, 0);
  d.hidden += raw.nonPositive;
  d.nonFinite += raw.nonFinite;
  d.losses.push(raw);
  const name = s.name;
  if (smoothing > 0) {
    const main = points(c, s, smoothing);
    d.losses.push(main);
    d.smoothed.push(main);
    // Behind the smoothed line and out of the legend, as TensorBoard draws it.
    d.lines.push(line(name, 'unsmoothed', `${label} (unsmoothed)`, color, raw, extra));
    d.lines.push(line(name, 'main', label, color, main, extra));
  } else {
    d.lines.push(line(name, 'main', label, color, raw, extra));
  }
  if (c.options.showWeight && !isDerivedSeries(s.name)) {
    const weight = points(c, s, 0, 'weight', false);
    d.weights.push(weight);
    d.lines.push(line(name, 'weight', `${label} weight`, color, weight, extra));
  }
}

/** The open run alone: each series in its loss's colour (a gradient norm or share in its loss's, named by it). */
export function drawLines(series: readonly Series[], options: LossChartOptions, columns: number, xRange: Domain, zoomed: boolean): Drawn {
  const c: DrawContext = { options, field: options.show === 'raw' ? 'raw' : 'value', columns, xRange, zoomed };
  const colors = chartColors(series.map((s) => seriesLabel(s.name).colorOf));
  const d = emptyDrawn(colors);
  for (const s of series) {
    const labelled = seriesLabel(s.name);
    ownLines(d, c, s, labelled.label, colors.get(labelled.colorOf) ?? lossColor(labelled.colorOf), {});
  }
  return d;
}

/** The series of `name` a compared run has (the open run's from the history), if it has values. */
function seriesOf(state: Pick<HistoryState, 'series'>, series: ReadonlyMap<string, Series> | null, name: string): Series | undefined {
  const s = (series ?? state.series).get(name);
  return s && s.length > 0 ? s : undefined;
}

/** Every series a comparison draws in this chart, for the axes (x range, outliers, zoomed y). */
export function comparedSeries(state: Pick<HistoryState, 'series'>, names: readonly string[], comparison: Comparison): Series[] {
  const runs = [...comparison.runs, ...comparison.groups.flatMap((g) => g.members)];
  return names.flatMap((name) => runs.flatMap((r) => seriesOf(state, r.series, name) ?? []));
}

/**
 * Several runs: each series in its run's colour with its own dash pattern (SERIES_DASHES, by its
 * place in `names`). The open run keeps its faint unsmoothed copy and weights; other runs draw
 * their main line only (8 runs with faint copies would double the paths). A seed group draws its
 * members' mean and, behind it, their min-max band, in the group's colour.
 */
export function drawRunLines(state: Pick<HistoryState, 'series'>, names: readonly string[], comparison: Comparison, options: LossChartOptions, columns: number, xRange: Domain, zoomed: boolean): Drawn {
  const c: DrawContext = { options, field: options.show === 'raw' ? 'raw' : 'value', columns, xRange, zoomed };
  const { smoothing } = options;
  const open = comparison.runs.find((r) => r.series === null) ?? comparison.groups.find((g) => g.members.some((m) => m.series === null));
  const d = emptyDrawn(new Map(open ? names.map((n) => [n, open.color]) : []));
  names.forEach((name, k) => {
    const dash = SERIES_DASHES[k % SERIES_DASHES.length];
    const seriesName = seriesLabel(name).label;
    for (const run of comparison.runs) {
      const s = seriesOf(state, run.series, name);
      if (!s) continue;
      const extra = { dash, run: run.id, legend: { run: run.label, series: seriesName } };
      const label = `${seriesName} · ${run.label}`;
      if (run.series === null) {
        ownLines(d, c, s, label, run.color, extra);
        continue;
      }
      const main = points(c, s, smoothing);
      d.losses.push(main);
      if (smoothing > 0) d.smoothed.push(main);
      d.lines.push(line(`${run.id}/${name}`, 'overlay', label, run.color, main, { ...extra, name, source: [s] }));
    }
    for (const group of comparison.groups) {
      const members = group.members.flatMap((m) => seriesOf(state, m.series, name) ?? []);
      if (members.length === 0) continue;
      const agg = groupSeries(members, c.field, smoothing);
      const mean = points(c, agg.mean, 0);
      const hi = points(c, agg.hi, 0);
      const lo = points(c, agg.lo, 0);
      d.losses.push(mean, hi, lo);
      if (smoothing > 0) d.smoothed.push(mean, hi, lo);
      const extra = { dash, run: group.id, legend: { run: group.label, series: seriesName }, source: members };
      const label = `${seriesName} · ${group.label}`;
      d.lines.push(line(`${group.id}/${name}`, 'band', `${label} (min-max)`, group.color, hi, { ...extra, name, lower: lo }));
      d.lines.push(line(`${group.id}/${name}`, 'overlay', `${label} (mean of ${members.length})`, group.color, mean, { ...extra, name }));
    }
  });
  return d;
}
