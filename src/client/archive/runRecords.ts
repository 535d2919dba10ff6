// Reading a run back from the runs database, and keeping an imported loss_log.json as a run:
// one transaction each (RunArchive flushes its pending writes first).
import type { AlarmRecord } from '../../manager/alarms/types';
import type { RunSettings, SamplesMessage } from '../../protocol/messages';
import type { WeightMark } from '../../state/historyStore';
import type { RunMeta } from '../../state/runsStore';
import type { Series, SeriesByName } from '../../state/series';
import { appendBatch, seriesToBatch, truncateSeries } from './columns';
import type { ImportedRun } from './exportRun';
import { framesRange } from './frameStore';
import { historyRange, nextNumber, type RunCreate, type RunsDatabase } from './runsDb';

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

/** A run's meta, its series rebuilt from the stored batches (cuts applied), its marks, alarms and last samples; null if there is none. */
export async function loadRun(db: RunsDatabase, id: string): Promise<LoadedRun | null> {
  const tx = db.transaction(['runs', 'history', 'samples']);
  const [meta, records, samples] = await Promise.all([
    tx.objectStore('runs').get(id),
    tx.objectStore('history').getAll(historyRange(id)),
    tx.objectStore('samples').get(id),
    tx.done,
  ]);
  if (!meta) return null;
  const series = new Map<string, Series>();
  for (const record of records) {
    if ('batch' in record) appendBatch(series, record.batch);
    else truncateSeries(series, record.truncateFrom);
  }
  return { meta, series, marks: meta.marks, alarms: meta.alarms ?? [], samples: samples?.samples ?? null };
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
    chunks: batch.step.length > 0 ? 1 : 0,
  };
  if (batch.step.length > 0) await tx.objectStore('history').put({ runId: id, seq: 0, batch });
  await tx.objectStore('runs').put(meta);
  await tx.done;
}

function specName(spec: unknown): string | null {
  const name = spec !== null && typeof spec === 'object' ? (spec as { name?: unknown }).name : undefined;
  return typeof name === 'string' ? name : null;
}
