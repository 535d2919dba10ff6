// Whole-run reads and writes of the runs database that bypass the recording queue: a run
// loaded back into series, and a loss_log.json stored as a run of its own.
import type { SamplesMessage } from '../../protocol/messages';
import type { WeightMark } from '../../state/historyStore';
import type { RunMeta } from '../../state/runsStore';
import type { Series, SeriesByName } from '../../state/series';
import { appendBatch, seriesToBatch, truncateSeries } from './columns';
import type { ImportedRun } from './exportRun';
import { historyRange, nextNumber, type RunsDatabase } from './runsDb';

export interface LoadedRun {
  readonly meta: RunMeta;
  readonly series: SeriesByName;
  readonly marks: readonly WeightMark[];
  readonly samples: SamplesMessage | null;
}

/** A run's meta, its series rebuilt from the stored batches, its marks and last samples; null if there is none. */
export async function readRun(db: RunsDatabase, id: string): Promise<LoadedRun | null> {
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
  return { meta, series, marks: meta.marks, samples: samples?.samples ?? null };
}

/** Stores an imported loss_log.json as run `id`, in one transaction. */
export async function storeImported(db: RunsDatabase, id: string, run: ImportedRun, createdAt: number): Promise<void> {
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
