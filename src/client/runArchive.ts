// Every run the page trains or imports, kept in IndexedDB so a reload loses nothing. History
// is stored append-only, as the worker's batches were received, at most one write a second.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { HistoryBatch, RunSettings, SamplesMessage } from '../protocol/messages';
import type { WeightMark } from '../state/historyStore';
import type { ArchivedStatus, RunMeta } from '../state/runsStore';
import type { Series } from '../state/series';
import { appendBatch, firstStep, mergeBatches, seriesToBatch, truncateSeries, type SeriesByName } from './archive/columns';
import type { ImportedRun } from './archive/exportRun';

export type { ArchivedStatus, ImportedHeader, RunMeta } from '../state/runsStore';

/** Its own database: the worker's are 'gan-loss-playground' (loss logs) and '...-checkpoints'. */
export const RUNS_DB_NAME = 'gan-loss-playground-runs';
const DB_VERSION = 1;

/** A history record: a flush's batches merged, or a cut (a resume from an earlier checkpoint). */
type HistoryRecord = { readonly runId: string; readonly seq: number } & ({ readonly batch: HistoryBatch } | { readonly truncateFrom: number });

interface RunsDb extends DBSchema {
  runs: { key: string; value: RunMeta };
  history: { key: [string, number]; value: HistoryRecord };
  /** The last samples picture per run; apart from `runs` so listing runs stays light. */
  samples: { key: string; value: { runId: string; samples: SamplesMessage } };
}

export interface LoadedRun {
  readonly meta: RunMeta;
  readonly series: SeriesByName;
  readonly marks: readonly WeightMark[];
  readonly samples: SamplesMessage | null;
}

export interface RunArchiveOptions {
  /** @default 'gan-loss-playground-runs' */
  readonly dbName?: string;
  /** At most one history write per run in this time. @default 1000 */
  readonly flushIntervalMs?: number;
  /** At most one samples write per run in this time (a status change writes the latest at once). @default 5000 */
  readonly samplesIntervalMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

export interface RunArchiveListener {
  /** A timed write stored something (the run list may have changed). */
  readonly onChange?: () => void;
  /** A timed write failed (quota, a closed database); training goes on. @default console.error */
  readonly onError?: (error: unknown) => void;
}

/** Recorded in order, so a cut drops the values and marks before it but not those after. */
type Chunk = { readonly batch: HistoryBatch } | { readonly truncateFrom: number } | { readonly mark: WeightMark };
type MetaPatch = { -readonly [K in 'status' | 'backend' | 'checkpoint']?: RunMeta[K] };

/** What a run has waiting for the next flush. */
interface Pending {
  create: Omit<RunMeta, 'number' | 'name' | 'chunks'> & { name: string | null };
  patch: MetaPatch;
  chunks: Chunk[];
  samples: SamplesMessage | null;
  /** Write the samples at the next flush even if the last write was recent. */
  samplesNow: boolean;
}

let idCounter = 0;
function newRunId(now: number): string {
  // Not crypto.randomUUID: it is missing on plain-http pages other than localhost.
  return `run-${now.toString(36)}-${(idCounter++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

const historyRange = (runId: string) => IDBKeyRange.bound([runId, 0], [runId, Infinity]);

/**
 * The runs database. Recording calls (createRun, appendHistory, addMark, setSamples, setStatus)
 * return at once and are written by a timer, at most once a second, one transaction per run;
 * the others flush first, so they see every recorded value.
 */
export class RunArchive {
  readonly dbName: string;
  private readonly flushIntervalMs: number;
  private readonly samplesIntervalMs: number;
  private readonly now: () => number;
  private listener: RunArchiveListener = {};
  private db: Promise<IDBPDatabase<RunsDb>> | null = null;
  private readonly pending = new Map<string, Partial<Pending>>();
  private readonly samplesWrittenAt = new Map<string, number>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastFlush = -Infinity;
  /** Flushes run one after another, so records keep their order. */
  private writing: Promise<void> = Promise.resolve();

  /** True where IndexedDB exists (browsers; Node only with fake-indexeddb). */
  static available(): boolean {
    return typeof indexedDB !== 'undefined';
  }

  constructor(options: RunArchiveOptions = {}) {
    this.dbName = options.dbName ?? RUNS_DB_NAME;
    this.flushIntervalMs = options.flushIntervalMs ?? 1000;
    this.samplesIntervalMs = options.samplesIntervalMs ?? 5000;
    this.now = options.now ?? Date.now;
  }

  private open(): Promise<IDBPDatabase<RunsDb>> {
    return (this.db ??= openDB<RunsDb>(this.dbName, DB_VERSION, {
      upgrade(db) {
        db.createObjectStore('runs', { keyPath: 'id' });
        db.createObjectStore('history', { keyPath: ['runId', 'seq'] });
        db.createObjectStore('samples', { keyPath: 'runId' });
      },
    }));
  }

  setListener(listener: RunArchiveListener): void {
    this.listener = listener;
  }

  /** Starts recording a run trained with `settings`; returns its id at once. */
  createRun(settings: RunSettings, name?: string): string {
    const createdAt = this.now();
    const id = newRunId(createdAt);
    this.entry(id).create = {
      id,
      name: name ?? null,
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
    };
    this.schedule();
    return id;
  }

  appendHistory(id: string, batch: HistoryBatch): void {
    if (batch.step.length === 0) return;
    (this.entry(id).chunks ??= []).push({ batch });
    this.schedule();
  }

  /** Forgets the values from `fromStep` on: the run goes on from an earlier checkpoint. */
  truncateHistory(id: string, fromStep: number): void {
    (this.entry(id).chunks ??= []).push({ truncateFrom: fromStep });
    this.schedule();
  }

  addMark(id: string, mark: WeightMark): void {
    (this.entry(id).chunks ??= []).push({ mark });
    this.schedule();
  }

  /** Keeps the latest samples; written at most every `samplesIntervalMs`. */
  setSamples(id: string, samples: SamplesMessage): void {
    this.entry(id).samples = samples;
    this.schedule();
  }

  /** Also writes the latest samples at the next flush, so a paused or stopped run keeps its last picture. */
  setStatus(id: string, status: ArchivedStatus): void {
    const entry = this.entry(id);
    (entry.patch ??= {}).status = status;
    entry.samplesNow = true;
    this.schedule();
  }

  setBackend(id: string, backend: string): void {
    (this.entry(id).patch ??= {}).backend = backend;
    this.schedule();
  }

  setCheckpoint(id: string, step: number): void {
    (this.entry(id).patch ??= {}).checkpoint = { step, savedAt: this.now() };
    this.schedule();
  }

  async rename(id: string, name: string): Promise<void> {
    await this.update(id, (meta) => ({ ...meta, name }));
  }

  async delete(id: string): Promise<void> {
    await this.flush();
    this.pending.delete(id);
    this.samplesWrittenAt.delete(id);
    const tx = (await this.open()).transaction(['runs', 'history', 'samples'], 'readwrite');
    await Promise.all([tx.objectStore('runs').delete(id), tx.objectStore('history').delete(historyRange(id)), tx.objectStore('samples').delete(id), tx.done]);
  }

  /**
   * Every stored run, newest first. Waits for a write under way but forces none (a listing
   * after every write must not defeat the throttle): flush() first to include the last second.
   */
  async list(): Promise<RunMeta[]> {
    await this.writing;
    const runs = await (await this.open()).getAll('runs');
    return runs.sort((a, b) => b.createdAt - a.createdAt || b.number - a.number);
  }

  /** A run's meta, its series rebuilt from the stored batches, its marks and last samples; null if there is none. */
  async load(id: string): Promise<LoadedRun | null> {
    await this.flush();
    const tx = (await this.open()).transaction(['runs', 'history', 'samples']);
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

  /** Stores a loss_log.json read for viewing as a run of its own. */
  async saveImported(run: ImportedRun): Promise<string> {
    const createdAt = this.now();
    const id = newRunId(createdAt);
    const batch = seriesToBatch(run.series);
    const steps = [...run.series.values()].flatMap((s) => (s.length > 0 ? [s.step[s.length - 1] as number] : []));
    const tx = (await this.open()).transaction(['runs', 'history'], 'readwrite');
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
    this.listener.onChange?.();
    return id;
  }

  /** Writes everything recorded so far, samples included; resolves when it is stored. */
  flush(): Promise<void> {
    return this.write(true);
  }

  /** Flushes and closes the database; the archive opens it again if used later. */
  async close(): Promise<void> {
    await this.flush();
    const db = this.db;
    this.db = null;
    (await db)?.close();
  }

  private entry(id: string): Partial<Pending> {
    let entry = this.pending.get(id);
    if (!entry) this.pending.set(id, (entry = {}));
    return entry;
  }

  private schedule(): void {
    if (this.timer !== null) return;
    const wait = Math.max(0, this.lastFlush + this.flushIntervalMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.write(false);
    }, wait);
  }

  private write(all: boolean): Promise<void> {
    if (this.timer !== null && all) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.writing = this.writing.then(async () => {
      this.lastFlush = this.now();
      let wrote = false;
      for (const [id, entry] of [...this.pending]) {
        const samplesDue = entry.samples && (all || entry.samplesNow || this.now() - (this.samplesWrittenAt.get(id) ?? -Infinity) >= this.samplesIntervalMs);
        const keepSamples = !samplesDue && entry.samples ? { samples: entry.samples } : null;
        if (keepSamples) this.pending.set(id, keepSamples);
        else this.pending.delete(id);
        try {
          wrote = (await this.writeRun(id, entry, samplesDue ? (entry.samples ?? null) : null)) || wrote;
        } catch (error) {
          (this.listener.onError ?? console.error)(error);
        }
      }
      if (this.pending.size > 0 && !all) this.schedule();
      if (wrote) this.listener.onChange?.();
    });
    return this.writing;
  }

  /** One transaction: the run's meta (read, patched, put), its new history records and samples. */
  private async writeRun(id: string, entry: Partial<Pending>, samples: SamplesMessage | null): Promise<boolean> {
    const { create, patch = {}, chunks = [] } = entry;
    if (!create && chunks.length === 0 && Object.keys(patch).length === 0 && !samples) return false;
    const tx = (await this.open()).transaction(['runs', 'history', 'samples'], 'readwrite');
    const runs = tx.objectStore('runs');
    let meta = await runs.get(id);
    if (!meta && create) {
      const number = await nextNumber(runs);
      meta = { ...create, number, name: create.name ?? `Run ${number}`, chunks: 0 };
    }
    if (!meta) {
      // Deleted while its values were on the way.
      await tx.done;
      return false;
    }
    const next = { ...meta, ...patch, updatedAt: this.now(), marks: [...meta.marks] };
    const history = tx.objectStore('history');
    for (const record of groupBatches(chunks)) {
      if ('mark' in record) {
        next.marks.push(record.mark);
        continue;
      }
      await history.put({ ...record, runId: id, seq: next.chunks++ });
      if ('batch' in record) {
        const last = lastStep(record.batch);
        if (last !== null) next.lastStep = Math.max(next.lastStep ?? -Infinity, last);
      } else {
        next.marks = next.marks.filter((m) => m.step < record.truncateFrom);
        if (next.lastStep !== null && next.lastStep >= record.truncateFrom) next.lastStep = record.truncateFrom > 0 ? record.truncateFrom - 1 : null;
      }
    }
    await runs.put(next);
    if (samples) {
      await tx.objectStore('samples').put({ runId: id, samples });
      this.samplesWrittenAt.set(id, this.now());
    }
    await tx.done;
    return true;
  }

  private async update(id: string, change: (meta: RunMeta) => RunMeta): Promise<void> {
    await this.flush();
    const tx = (await this.open()).transaction('runs', 'readwrite');
    const meta = await tx.store.get(id);
    if (!meta) throw new Error(`there is no run "${id}" in the archive`);
    await tx.store.put({ ...change(meta), updatedAt: this.now() });
    await tx.done;
  }
}

/** Batches up to the next cut become one record (marks in between only touch the meta). */
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

function specName(spec: unknown): string | null {
  const name = spec !== null && typeof spec === 'object' ? (spec as { name?: unknown }).name : undefined;
  return typeof name === 'string' ? name : null;
}

/** One more than the highest number in use (deleting the newest run frees its number). */
async function nextNumber(runs: { getAll(): Promise<RunMeta[]> }): Promise<number> {
  const all = await runs.getAll();
  return all.reduce((max, run) => Math.max(max, run.number), 0) + 1;
}
