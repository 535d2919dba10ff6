// A run's history as files: NectarGAN's loss_log.json (ours adds steps, raw and time) and CSV,
// and a loss_log.json read back as a run to view. No tfjs, no DOM.
import type { AlarmRecord } from '../../manager/alarms/types';
import type { LogSeries } from '../../manager/lossLog/derivedSeries';
import { appendToLossLog, emptyLossLog, parseLossLogText, serializeLossLog, type LossLogChunk } from '../../manager/lossLog/format';
import type { ImportedHeader } from '../../state/runsStore';
import { emptySeries, pushToSeries, type Series, type SeriesByName } from '../../state/series';
import { csvField, shortFloat32 } from './csvText';

export { shortFloat32 } from './csvText';

/** What an export needs to know about a run (a RunMeta has it all). */
export interface ExportMeta {
  readonly name: string;
  /** The spec the run trained with; an imported log's own spec. */
  readonly spec?: unknown;
  /** The tfjs backend it trained on. */
  readonly backend?: string | null;
  /** An imported log's header, written back as it was read. */
  readonly imported?: ImportedHeader | null;
}

/** A loss_log.json read for viewing: never trained here, so it has no settings. */
export interface ImportedRun {
  readonly name: string;
  readonly header: ImportedHeader;
  readonly spec: unknown;
  readonly backend: string | null;
  readonly series: SeriesByName;
  /** The log's alarms (LOSSMANAGER_LOG.alarms); none in NectarGAN's. */
  readonly alarms: readonly AlarmRecord[];
}

function float32List(values: Float32Array, n: number): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = shortFloat32(values[i] as number);
  return out;
}

const allNaN = (values: ArrayLike<number>, n: number) => Array.from({ length: n }, (_, i) => values[i] as number).every(Number.isNaN);

/**
 * The run's history in NectarGAN's format: per loss `loss` (the weighted value NectarGAN logs)
 * and `weights`, plus our `steps`, `raw` and `time`; the header's experiment is the run's name
 * and `spec` its spec; the run's alarms under `alarms`. Lists nobody recorded (an imported
 * NectarGAN log's raw and time) are left out.
 */
export function toLossLog(meta: ExportMeta, series: SeriesByName, alarms: readonly AlarmRecord[] = []): string {
  const log = emptyLossLog({
    experiment: meta.name,
    device: meta.imported?.device ?? meta.backend ?? '',
    dataroot: meta.imported?.dataroot,
    dataset_length: meta.imported?.datasetLength,
    backend: meta.backend ?? undefined,
    spec: meta.spec ?? undefined,
    alarms: alarms.length > 0 ? [...alarms] : undefined,
  });
  // Null-prototype: a loss may be named `__proto__` or `toString`.
  const chunks: Record<string, LossLogChunk> = Object.create(null) as Record<string, LossLogChunk>;
  for (const [name, s] of series) {
    const n = s.length;
    const chunk: LossLogChunk = {
      loss: float32List(s.value, n),
      weights: float32List(s.weight, n),
      steps: s.step.subarray(0, n),
    };
    if (!allNaN(s.raw, n)) chunk.raw = float32List(s.raw, n);
    if (!allNaN(s.time, n)) chunk.time = s.time.subarray(0, n);
    chunks[name] = chunk;
  }
  appendToLossLog(log, chunks);
  return serializeLossLog(log);
}

export const CSV_HEADER = 'loss,step,value,weight,raw,time_ms';

/** One row per recorded value, loss after loss; float32 columns in their shortest form, NaN as `NaN`. */
export function toCsv(series: SeriesByName): string {
  const rows = [CSV_HEADER];
  for (const [name, s] of series) {
    const loss = csvField(name);
    for (let i = 0; i < s.length; i++) {
      const f = (a: Float32Array) => String(shortFloat32(a[i] as number));
      rows.push(`${loss},${s.step[i]},${f(s.value)},${f(s.weight)},${f(s.raw)},${s.time[i]}`);
    }
  }
  return `${rows.join('\n')}\n`;
}

/**
 * Reads a loss_log.json (ours or NectarGAN's) as a run to view. NectarGAN's files have no
 * steps (they become 0..n-1) nor raw or time (NaN). Throws a LossLogError naming the file and
 * the JSON path of each problem.
 */
export function fromLossLog(text: string, fileName: string): ImportedRun {
  const log = parseLossLogText(text, fileName).LOSSMANAGER_LOG;
  const series = new Map<string, Series>();
  for (const [name, entry] of Object.entries(log.loss_functions)) {
    const s = emptySeries(name, Math.max(256, entry.loss.length));
    series.set(name, s);
    for (let i = 0; i < entry.loss.length; i++) {
      pushToSeries(s, entry.steps[i] as number, entry.loss[i] as number, entry.weights[i] as number, entry.raw?.[i] ?? NaN, entry.time?.[i] ?? NaN);
    }
  }
  // Gradient diagnostics and metrics, kept apart from the losses (derivedSeries.ts).
  const derived = (log as { series?: Record<string, LogSeries> }).series ?? {};
  for (const [name, entry] of Object.entries(derived)) {
    const s = emptySeries(name, Math.max(256, entry.values.length));
    series.set(name, s);
    for (let i = 0; i < entry.values.length; i++) {
      const v = entry.values[i] as number;
      pushToSeries(s, entry.steps[i] as number, v, NaN, v, entry.time?.[i] ?? NaN);
    }
  }
  return {
    name: log.experiment || fileName.replace(/\.json$/i, ''),
    header: { fileName, device: log.device, dataroot: log.dataroot, datasetLength: log.dataset_length },
    spec: log.spec ?? null,
    backend: log.backend ?? null,
    series,
    alarms: log.alarms ?? [],
  };
}
