// Reading a run back from the runs database, and keeping an imported loss_log.json as a run:
// one transaction each (RunArchive flushes its pending writes first).
import type { AlarmRecord } from '../../manager/alarms/types';
import type { RunSettings, SamplesMessage } from '../../protocol/messages';
import type { WeightMark } from '../../state/historyStore';
import type { RunMeta } from '../../state/runsStore';
import type { Series, SeriesByName } from '../../state/series';
import { appendBatch, seriesToBatch, splitBatch, truncateSeries } from './columns';
import type { ImportedRun } from './exportRun';
import { framesRange } from './frameStore';
import { HISTORY_RECORD_VALUES, HISTORY_RECORDS_PER_READ, historyRange, nextNumber, type HistoryRecord, type RunCreate, type RunsDatabase } from './runsDb';

let idCounter = 0;
/** A fresh id, e.g. 'run-lq3x9a-0-k2j4hf': the time, a counter and a random part. */
export function randomId(prefix: string, now: number): string {
  // Not crypto.randomUUID: it is missing on plain-http pages other than localhost.
  return `${prefix}-${now.toString(36)}-${(idCounter++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

export interface LoadedRun {
  readonly meta: RunMeta;
  readonly series: SeriesByName;
  readonly marks: readonly WeightMark[];
  readonly alarms: readonly AlarmRecord[];
  readonly samples: SamplesMessage | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const isCount = (value: unknown) => typeof value === 'number' && Number.isFinite(value);
const COLUMNS = ['loss', 'step', 'value', 'weight', 'raw', 'time'] as const;

/** A stored history record as this build writes it: a batch with equal-length typed columns, or a cut. */
function isHistoryRecord(record: unknown): record is HistoryRecord {
  if (!isRecord(record)) return false;
  if ('truncateFrom' in record) return isCount(record.truncateFrom);
  const batch = record.batch;
  if (!isRecord(batch) || !Array.isArray(batch.names) || !batch.names.every((name) => typeof name === 'string')) return false;
  const columns = COLUMNS.map((key) => batch[key]);
  return columns.every((column) => ArrayBuffer.isView(column) && (column as Float64Array).length === (batch.step as Float64Array | undefined)?.length);
}

/**
 * The run metas a list can draw (the fields every view reads, of the right kinds), and how many
 * stored records are not: a damaged record, or one a future build wrote, must not hide the rest.
 */
export function readableRuns(records: readonly unknown[]): { runs: RunMeta[]; damaged: number } {
  const runs = records.filter(
    (r): r is RunMeta =>
      isRecord(r) &&
      typeof r.id === 'string' &&
      isCount(r.number) &&
      typeof r.name === 'string' &&
      isCount(r.createdAt) &&
      isCount(r.updatedAt) &&
      typeof r.status === 'string' &&
      Array.isArray(r.marks) &&
      (r.alarms === undefined || Array.isArray(r.alarms)) &&
      (r.lastStep === null || isCount(r.lastStep)) &&
      (r.settings === null || isRecord(r.settings)) &&
      (r.checkpoint === null || isRecord(r.checkpoint)) &&
      isCount(r.chunks),
  );
  return { runs, damaged: records.length - runs.length };
}

/**
 * A run's meta, its series rebuilt from the stored batches (cuts applied), its marks, alarms and
 * last samples, and how many of its history records were damaged and skipped; null if there is none.
 */
export async function loadRun(db: RunsDatabase, id: string): Promise<(LoadedRun & { readonly damaged: number }) | null> {
  const tx = db.transaction(['runs', 'history', 'samples']);
  // Awaited at the end; a read that fails first (the database closed) is the error to report.
  tx.done.catch(() => {});
  const [meta, samples] = await Promise.all([tx.objectStore('runs').get(id), tx.objectStore('samples').get(id)]);
  const [readable] = readableRuns(meta ? [meta] : []).runs;
  if (!readable) {
    await tx.done;
    return null;
  }
  const series = new Map<string, Series>();
  let damaged = 0;
  // A few records per read, each appended as it comes: the page gets the main thread back
  // between reads (one read of a whole run decoded and appended it in one long task).
  let after: IDBValidKey | null = null;
  for (;;) {
    const range: IDBKeyRange = after === null ? historyRange(id) : IDBKeyRange.bound(after, [id, Infinity], true);
    const [keys, records] = await Promise.all([tx.objectStore('history').getAllKeys(range, HISTORY_RECORDS_PER_READ), tx.objectStore('history').getAll(range, HISTORY_RECORDS_PER_READ)]);
    for (const record of records as unknown[]) {
      if (!isHistoryRecord(record)) damaged++;
      else if ('batch' in record) appendBatch(series, record.batch);
      else truncateSeries(series, record.truncateFrom);
    }
    if (keys.length < HISTORY_RECORDS_PER_READ) break;
    after = keys[keys.length - 1]!;
  }
  await tx.done;
  return { meta: readable, series, marks: readable.marks, alarms: readable.alarms ?? [], samples: samples?.samples ?? null, damaged };
}

/** Deletes run `id` with its history, samples and frames, in one transaction. */
export async function deleteRun(db: RunsDatabase, id: string): Promise<void> {
  const tx = db.transaction(['runs', 'history', 'samples', 'frames'], 'readwrite');
  await Promise.all([
    tx.objectStore('runs').delete(id),
    tx.objectStore('history').delete(historyRange(id)),
    tx.objectStore('samples').delete(id),
    tx.objectStore('frames').delete(framesRange(id)),
    tx.done,
  ]);
}

/** A run trained here, as its first write creates it. */
export function newRun(id: string, settings: RunSettings, name: string | null, createdAt: number, session: string): RunCreate {
  return {
    id,
    name,
    createdAt,
    updatedAt: createdAt,
    settings,
    family: settings.family,
    specName: settings.spec.name ?? null,
    spec: settings.spec,
    backend: null,
    lastStep: null,
    status: 'running',
    marks: [],
    checkpoint: null,
    imported: null,
    session,
  };
}

/** Stores a loss_log.json read for viewing as the run `id`. */
export async function putImported(db: RunsDatabase, id: string, run: ImportedRun, createdAt: number): Promise<void> {
  const batch = seriesToBatch(run.series);
  const pieces = batch.step.length > 0 ? splitBatch(batch, HISTORY_RECORD_VALUES) : [];
  const steps = [...run.series.values()].flatMap((s) => (s.length > 0 ? [s.step[s.length - 1] as number] : []));
  const tx = db.transaction(['runs', 'history'], 'readwrite');
  const meta: RunMeta = {
    id,
    number: await nextNumber(tx.objectStore('runs')),
    name: run.name,
    createdAt,
    updatedAt: createdAt,
    settings: null,
    family: null,
    specName: specName(run.spec),
    spec: run.spec,
    backend: run.backend,
    lastStep: steps.length > 0 ? Math.max(...steps) : null,
    status: 'imported',
    marks: [],
    alarms: run.alarms,
    checkpoint: null,
    imported: run.header,
    chunks: pieces.length,
  };
  for (const [seq, piece] of pieces.entries()) await tx.objectStore('history').put({ runId: id, seq, batch: piece });
  await tx.objectStore('runs').put(meta);
  await tx.done;
}

function specName(spec: unknown): string | null {
  const name = spec !== null && typeof spec === 'object' ? (spec as { name?: unknown }).name : undefined;
  return typeof name === 'string' ? name : null;
}
