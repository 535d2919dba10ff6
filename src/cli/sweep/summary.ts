// A sweep's summary: per variant its axis values, seed, status, and the final value of each
// loss and quality metric its loss log holds, as summary.json and summary.csv.
import { csvField } from '../../client/archive/csvText';
import { parseLossLogText } from '../../manager/lossLog/format';
import { logSeries } from '../../manager/lossLog/derivedSeries';
import { isDerivedSeries, parseSeriesName } from '../../manager/seriesNames';
import { finalValue } from '../../protocol/finalValue';

export { finalValue };

/** How a variant ended: trained to its steps, failed (with the exit code), stopped by Ctrl-C, or not started. */
export type VariantStatus = 'done' | 'failed' | 'interrupted' | 'not run';

export interface SummaryRow {
  readonly name: string;
  readonly values: Readonly<Record<string, number>>;
  readonly seed: number;
  readonly status: VariantStatus;
  readonly exitCode?: number;
  /** The last step its log holds. */
  readonly step?: number;
  /** Final value of each loss (weighted, as charted) and metric series: see finalValue. */
  readonly final: Readonly<Record<string, number>>;
}

/** Final values by name from a loss_log.json's text: each loss, and each metric/ series. */
export function finalValues(logText: string, source: string): { final: Record<string, number>; step: number } {
  const log = parseLossLogText(logText, source);
  const final: Record<string, number> = Object.create(null) as Record<string, number>;
  let step = 0;
  for (const [name, series] of Object.entries(log.LOSSMANAGER_LOG.loss_functions)) {
    final[name] = finalValue(series.loss);
    step = Math.max(step, series.steps.at(-1) ?? 0);
  }
  for (const [name, series] of Object.entries(logSeries(log.LOSSMANAGER_LOG))) {
    if (isDerivedSeries(name) && parseSeriesName(name).kind === 'metric') final[name] = finalValue(series.values);
  }
  return { final, step };
}

/** A summary value as its CSV field: numbers as written, a non-finite one empty, text quoted per RFC 4180. */
function csvCell(value: unknown): string {
  return csvField(typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value ?? ''));
}

/** summary.csv: one row per variant; columns name, the axes, seed, status, step, then each final value (sorted). */
export function summaryCsv(rows: readonly SummaryRow[], axes: readonly string[]): string {
  const finals = [...new Set(rows.flatMap((r) => Object.keys(r.final)))].sort();
  const header = ['name', ...axes, 'seed', 'status', 'step', ...finals.map((f) => `final ${f}`)];
  const lines = rows.map((r) => [r.name, ...axes.map((a) => r.values[a]), r.seed, r.status, r.step ?? '', ...finals.map((f) => (Object.hasOwn(r.final, f) ? r.final[f] : ''))]);
  return `${[header, ...lines].map((line) => line.map(csvCell).join(',')).join('\n')}\n`;
}
