import { csvField, shortFloat32 } from '../../client/archive/csvText';
import type { Series } from '../../state/series';
import type { ChartLine } from './chartLines';
import { smoothedValues, type YField } from './seriesCache';
import { xValues, type XAxisKind } from './xAxis';
import type { Domain } from './yDomain';

/** One curve of a chart, named as its legend names it. */
export interface CsvSource {
  readonly label: string;
  readonly series: Series;
}

/**
 * The curves of a chart's CSV: its main lines and other runs' lines (the unsmoothed copies,
 * weights and bands are not curves of their own). Another run's line carries its own series (its
 * name is the open run's series' too); a seed group's mean (several members) is no one series
 * and is left out. The open run's lines are read from the history by `resolve`.
 */
export function csvSources(lines: readonly ChartLine[], resolve: (name: string) => Series | undefined): CsvSource[] {
  return lines.flatMap((l) => {
    if (l.role !== 'main' && l.role !== 'overlay') return [];
    const series = l.source ? (l.source.length === 1 ? l.source[0] : undefined) : resolve(l.name);
    return series ? [{ label: l.label, series }] : [];
  });
}

export interface ChartCsvOptions {
  /** Which value the chart draws: the weighted loss or the unweighted one. */
  readonly field: YField;
  /** The chart's smoothing weight (the smoothed column is what its curve draws). */
  readonly smoothing: number;
  /** The x axis the range is on. */
  readonly axis: XAxisKind;
  /** Only the points inside this x range (the chart's, zoomed or typed); all when left out. */
  readonly range?: Domain;
}

/**
 * What a chart shows, as CSV (RFC 4180, CRLF-free: '\n' rows as the run's CSV): a `step`
 * column, then per curve its value at each step read from the full history (not the drawn,
 * downsampled points) and its smoothed value, `<label>` and `<label> (smoothed)`. One row per
 * step any curve has, ascending; a curve without that step leaves its cells empty. Values in
 * their shortest float32 form (the smoothed ones are float64), NaN as `NaN`.
 */
export function chartCsv(sources: readonly CsvSource[], { field, smoothing, axis, range }: ChartCsvOptions): string {
  const columns = sources.map(({ series }) => {
    const x = xValues(series, axis);
    const smooth = smoothedValues(series, field, smoothing);
    const inRange = (i: number) => !range || ((x[i] as number) >= range[0] && (x[i] as number) <= range[1]);
    // Index of each step kept; a step logged twice (never, but a stored run could) keeps its last.
    const at = new Map<number, number>();
    for (let i = 0; i < series.length; i++) if (inRange(i)) at.set(series.step[i] as number, i);
    return { values: series[field], smooth, at };
  });
  const steps = [...new Set(columns.flatMap((c) => [...c.at.keys()]))].sort((a, b) => a - b);
  const header = ['step', ...sources.flatMap(({ label }) => [csvField(label), csvField(`${label} (smoothed)`)])].join(',');
  const rows = [header];
  for (const step of steps) {
    const cells = [String(step)];
    for (const c of columns) {
      const i = c.at.get(step);
      if (i === undefined) cells.push('', '');
      else cells.push(String(shortFloat32(c.values[i] as number)), String(c.smooth[i] as number));
    }
    rows.push(cells.join(','));
  }
  return `${rows.join('\n')}\n`;
}
