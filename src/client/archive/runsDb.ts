// The runs database's layout and its one write: a run's meta, new history records and samples
// in one transaction. RunArchive (src/client/runArchive.ts) decides what to write and when.
import { openDB, type DBSchema, type IDBPDatabase, type IDBPObjectStore, type OpenDBCallbacks } from 'idb';
import type { AlarmRecord } from '../../manager/alarms/types';
import type { HistoryBatch, SamplesMessage } from '../../protocol/messages';
import type { WeightMark } from '../../state/historyStore';
import type { RunMeta } from '../../state/runsStore';
import { firstStep, mergeBatches, splitBatch } from './columns';

/** Its own database: the worker's are 'gan-loss-playground' (loss logs) and '...-checkpoints'. */
export const RUNS_DB_NAME = 'gan-loss-playground-runs';
/** 2 added `frames` (frameStore.ts); an upgrade keeps every run stored before. */
export const RUNS_DB_VERSION = 2;

/** A history record: a flush's batches merged, or a cut (a resume from an earlier checkpoint). */
export type HistoryRecord = { readonly runId: string; readonly seq: number } & ({ readonly batch: HistoryBatch } | { readonly truncateFrom: number });

export interface RunsDb extends DBSchema {
  runs: { key: string; value: RunMeta };
  history: { key: [string, number]; value: HistoryRecord };
  /** The last samples picture per run; apart from `runs` so listing runs stays light. */
  samples: { key: string; value: { runId: string; samples: SamplesMessage } };
  /** Each run's preview frames over time (frameStore.ts), by run and step. */
  frames: { key: [string, number]; value: FrameRecord };
}

export interface FrameRecord {
  readonly runId: string;
  readonly step: number;
  readonly samples: SamplesMessage;
}

export type RunsDatabase = IDBPDatabase<RunsDb>;

/** What another tab's open of a newer version, or the browser, does to the connection (runsConnection.ts). */
export type RunsDbEvents = Pick<OpenDBCallbacks<RunsDb>, 'blocked' | 'blocking' | 'terminated'>;

/** Said when the database is newer than this page: the browser's own VersionError says only "a lower version". */
export const NEWER_DB_MESSAGE = `the runs database "%s" was upgraded by a newer version of the playground than this page (which reads version ${RUNS_DB_VERSION}): reload the page to get the newer version; until then runs are not saved here`;

export function openRunsDb(name: string, events: RunsDbEvents = {}): Promise<RunsDatabase> {
  return openRunsDbAs(name, events).catch((error: unknown) => {
    if (error instanceof Error && error.name === 'VersionError') throw new Error(NEWER_DB_MESSAGE.replace('%s', name), { cause: error });
    throw error;
  });
}

function openRunsDbAs(name: string, events: RunsDbEvents): Promise<RunsDatabase> {
  return openDB<RunsDb>(name, RUNS_DB_VERSION, {
    ...events,
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore('runs', { keyPath: 'id' });
        db.createObjectStore('history', { keyPath: ['runId', 'seq'] });
        db.createObjectStore('samples', { keyPath: 'runId' });
      }
      if (oldVersion < 2) db.createObjectStore('frames', { keyPath: ['runId', 'step'] });
    },
  });
}

export const historyRange = (runId: string) => IDBKeyRange.bound([runId, 0], [runId, Infinity]);

/**
 * The most values one history record holds, and how many records one read takes: a stored run
 * is read back a few pieces per task (runRecords.ts), so 100,000 steps never become one long
 * task on the page (decoding a 300,000-value record took 100-300 ms).
 */
export const HISTORY_RECORD_VALUES = 8192;
export const HISTORY_RECORDS_PER_READ = 4;

/**
 * Recorded in order, so a cut drops the values, marks and alarms before it but not those after.
 * A resume cuts the marks at its checkpoint's step (`marksFrom`, when the worker is ready) and
 * the values where the resumed ones begin, maybe earlier (`truncateFrom` with `keepMarks`).
 */
export type Chunk =
  | { readonly batch: HistoryBatch }
  | { readonly truncateFrom: number; readonly keepMarks?: true }
  | { readonly marksFrom: number }
  | { readonly mark: WeightMark }
  | { readonly alarms: readonly AlarmRecord[] };
export type MetaPatch = { -readonly [K in 'status' | 'backend' | 'checkpoint' | 'session']?: RunMeta[K] };
export type RunCreate = Omit<RunMeta, 'number' | 'name' | 'chunks'> & { name: string | null };

/** What one write brings to a run: its creation, meta changes and history, in order. */
export interface RunWrite {
  create?: RunCreate;
  patch?: MetaPatch;
  chunks?: Chunk[];
}

/**
 * Which page session made a write, and its number there: a write whose number the run has
 * already seen (a journal replayed after the write itself landed) is skipped.
 */
export interface WriteStamp {
  readonly session: string;
  readonly n: number;
}

/** True when `meta` already holds the write stamped `stamp`. */
function alreadyWritten(meta: RunMeta, stamp: WriteStamp): boolean {
  return meta.lastWrite?.session === stamp.session && meta.lastWrite.n >= stamp.n;
}

/**
 * One transaction: the run's meta (read, patched, put), its new history records and samples.
 * False when there was nothing to write, the run is gone, or it holds this write already.
 */
export async function writeRun(db: RunsDatabase, id: string, write: RunWrite, samples: SamplesMessage | null, stamp: WriteStamp, now: number): Promise<boolean> {
  const { create, patch = {}, chunks = [] } = write;
  if (!create && chunks.length === 0 && Object.keys(patch).length === 0 && !samples) return false;
  const tx = db.transaction(['runs', 'history', 'samples'], 'readwrite');
  const runs = tx.objectStore('runs');
  let meta = await runs.get(id);
  if (!meta && create) {
    const number = await nextNumber(runs);
    meta = { ...create, number, name: create.name ?? `Run ${number}`, chunks: 0 };
  }
  if (!meta || alreadyWritten(meta, stamp)) {
    // Deleted while its values were on the way, or written before.
    await tx.done;
    return false;
  }
  const next = { ...meta, ...patch, updatedAt: now, marks: [...meta.marks], alarms: [...(meta.alarms ?? [])], lastWrite: stamp };
  const history = tx.objectStore('history');
  for (const record of groupBatches(chunks)) {
    if ('mark' in record) {
      next.marks.push(record.mark);
      continue;
    }
    if ('alarms' in record) {
      next.alarms.push(...record.alarms);
      continue;
    }
    if ('marksFrom' in record) {
      next.marks = next.marks.filter((m) => m.step < record.marksFrom);
      continue;
    }
    if ('batch' in record) {
      for (const batch of splitBatch(record.batch, HISTORY_RECORD_VALUES)) await history.put({ runId: id, seq: next.chunks++, batch });
      const last = lastStep(record.batch);
      if (last !== null) next.lastStep = Math.max(next.lastStep ?? -Infinity, last);
    } else {
      await history.put({ runId: id, seq: next.chunks++, truncateFrom: record.truncateFrom });
      if (!record.keepMarks) next.marks = next.marks.filter((m) => m.step < record.truncateFrom);
      next.alarms = next.alarms.filter((a) => a.step < record.truncateFrom);
      if (next.lastStep !== null && next.lastStep >= record.truncateFrom) next.lastStep = record.truncateFrom > 0 ? record.truncateFrom - 1 : null;
    }
  }
  await runs.put(next);
  if (samples) await tx.objectStore('samples').put({ runId: id, samples });
  await tx.done;
  return true;
}

/** Batches up to the next cut become one record (marks and alarms in between only touch the meta). */
function groupBatches(chunks: readonly Chunk[]): Chunk[] {
  const out: Chunk[] = [];
  let batches: HistoryBatch[] = [];
  const close = () => {
    if (batches.length > 0) out.push({ batch: mergeBatches(batches) });
    batches = [];
  };
  for (const chunk of chunks) {
    if ('batch' in chunk) batches.push(chunk.batch);
    else {
      if ('truncateFrom' in chunk) close();
      out.push(chunk);
    }
  }
  close();
  return out;
}

function lastStep(batch: HistoryBatch): number | null {
  const first = firstStep(batch);
  return first === null ? null : batch.step.reduce((a, b) => Math.max(a, b), first);
}

/** One more than the highest number in use (deleting the newest run frees its number). */
export async function nextNumber(runs: Pick<IDBPObjectStore<RunsDb, ['runs'], 'runs', 'readwrite'>, 'getAll'>): Promise<number> {
  const all = await runs.getAll();
  // A damaged record's number (not a number) must not make every later run's NaN.
  return all.reduce((max, run) => (Number.isFinite(run?.number) ? Math.max(max, run.number) : max), 0) + 1;
}
