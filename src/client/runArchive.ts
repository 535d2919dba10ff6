// Every run the page trains or imports, kept in IndexedDB so a reload loses nothing. History
// is stored append-only, as the worker's batches were received, at most one write a second;
// what is not yet written is journaled synchronously when the page is hidden (journal.ts).
import type { AlarmRecord } from '../manager/alarms/types';
import type { HistoryBatch, RunSettings, SamplesMessage } from '../protocol/messages';
import type { WeightMark } from '../state/historyStore';
import type { ArchivedStatus, RunMeta } from '../state/runsStore';
import type { ImportedRun } from './archive/exportRun';
import { framesRange } from './archive/frameStore';
import { defaultJournalStorage, saveJournal, type Journal, type JournalStorage } from './archive/journal';
import { recoverSessions } from './archive/recover';
import { loadRun, putImported, randomId, type LoadedRun } from './archive/runRecords';
import { historyRange, openRunsDb, RUNS_DB_NAME, writeRun, type RunsDatabase, type RunWrite } from './archive/runsDb';

export type { ArchivedStatus, ImportedHeader, RunMeta } from '../state/runsStore';
export type { LoadedRun } from './archive/runRecords';
export { RUNS_DB_NAME } from './archive/runsDb';

export interface RunArchiveOptions {
  /** @default 'gan-loss-playground-runs' */
  readonly dbName?: string;
  /** At most one history write per run in this time. @default 1000 */
  readonly flushIntervalMs?: number;
  /** At most one samples write per run in this time (a status change writes the latest at once). @default 5000 */
  readonly samplesIntervalMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
  /** This page's session: stamps its writes and names its journal. @default a new random id */
  readonly session?: string;
  /** Where the journal is kept. @default localStorage where there is one, else no journal */
  readonly journalStorage?: JournalStorage | null;
}

export interface RunArchiveListener {
  /** A timed write stored something (the run list may have changed). */
  readonly onChange?: () => void;
  /** A timed write failed (quota, a closed database); training goes on. @default console.error */
  readonly onError?: (error: unknown) => void;
}

/** What a run has waiting for the next flush; `n` is its write's number once journaled or written. */
interface Pending extends RunWrite {
  n?: number;
  samples?: SamplesMessage | null;
  /** Write the samples at the next flush even if the last write was recent. */
  samplesNow?: boolean;
}

/**
 * The runs database. Recording calls (createRun, appendHistory, addMark, setSamples, setStatus)
 * return at once and are written by a timer, at most once a second, one transaction per run;
 * the others flush first, so they see every recorded value. `journal()` keeps what is not yet
 * written in localStorage, synchronously, for a page about to go away.
 */
export class RunArchive {
  readonly dbName: string;
  /** This page's session id (see RunMeta.session). */
  readonly session: string;
  private readonly flushIntervalMs: number;
  private readonly samplesIntervalMs: number;
  private readonly now: () => number;
  private readonly journalStorage: JournalStorage | null;
  private listener: RunArchiveListener = {};
  private db: Promise<RunsDatabase> | null = null;
  private readonly pending = new Map<string, Pending>();
  /** Writes under way, by run: journaled too, since a closing page may cut them off. */
  private readonly inFlight = new Map<string, Pending & { n: number }>();
  private readonly samplesWrittenAt = new Map<string, number>();
  private writeCount = 0;
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
    this.session = options.session ?? randomId('session', this.now());
    this.journalStorage = options.journalStorage === undefined ? defaultJournalStorage() : options.journalStorage;
  }

  private open(): Promise<RunsDatabase> {
    return (this.db ??= openRunsDb(this.dbName));
  }

  /** The database, for the stores kept beside the runs (the preview frames: frameStore.ts). */
  database(): Promise<RunsDatabase> {
    return this.open();
  }

  setListener(listener: RunArchiveListener): void {
    this.listener = listener;
  }

  /** Starts recording a run trained with `settings`; returns its id at once. */
  createRun(settings: RunSettings, name?: string): string {
    const createdAt = this.now();
    const id = randomId('run', createdAt);
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
      session: this.session,
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

  addAlarms(id: string, alarms: readonly AlarmRecord[]): void {
    (this.entry(id).chunks ??= []).push({ alarms });
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

  /** This page records the run from now on (a run resumed from its checkpoint after a reload). */
  adopt(id: string): void {
    (this.entry(id).patch ??= {}).session = this.session;
    this.schedule();
  }

  async rename(id: string, name: string): Promise<void> {
    await this.update(id, (meta) => ({ ...meta, name }));
  }

  /** Keeps how the run is drawn: its colour, and whether it is shown beside the open run. */
  async setLook(id: string, look: Pick<RunMeta, 'color' | 'shown'>): Promise<void> {
    await this.update(id, (meta) => ({ ...meta, ...look }));
  }

  /** Keeps the settings an imported run was trained with (a CLI sweep variant's settings.json): its seed groups it. */
  async setSettings(id: string, settings: RunSettings): Promise<void> {
    await this.update(id, (meta) => ({ ...meta, settings, family: settings.family }));
  }

  async delete(id: string): Promise<void> {
    await this.flush();
    this.pending.delete(id);
    this.samplesWrittenAt.delete(id);
    const tx = (await this.open()).transaction(['runs', 'history', 'samples', 'frames'], 'readwrite');
    await Promise.all([
      tx.objectStore('runs').delete(id),
      tx.objectStore('history').delete(historyRange(id)),
      tx.objectStore('samples').delete(id),
      tx.objectStore('frames').delete(framesRange(id)),
      tx.done,
    ]);
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
    return loadRun(await this.open(), id);
  }

  /** Stores a loss_log.json read for viewing as a run of its own. */
  async saveImported(run: ImportedRun): Promise<string> {
    const createdAt = this.now();
    const id = randomId('run', createdAt);
    await putImported(await this.open(), id, run, createdAt);
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

  /**
   * Keeps everything not yet stored (writes under way, then what waits for the timer) in the
   * journal storage, synchronously: for a page being hidden or closed. Samples are left out
   * (a picture each; the next one comes with the next run). False where no journal could be kept.
   */
  journal(): boolean {
    if (!this.journalStorage) return false;
    const runs = new Map<string, { n: number; write: RunWrite }[]>();
    const add = (id: string, entry: Pending & { n: number }) => {
      const { create, patch, chunks } = entry;
      if (!runs.has(id)) runs.set(id, []);
      runs.get(id)!.push({ n: entry.n, write: { create, patch, chunks } });
    };
    for (const [id, entry] of this.inFlight) add(id, entry);
    for (const [id, entry] of this.pending) {
      if (!entry.create && !entry.chunks?.length && !entry.patch) continue;
      entry.n ??= ++this.writeCount;
      add(id, entry as Pending & { n: number });
    }
    const journal: Journal = { session: this.session, runs: [...runs].map(([id, writes]) => ({ id, writes })) };
    return saveJournal(this.journalStorage, journal);
  }

  /**
   * After a page load: writes what dead sessions journaled and did not store, and marks their
   * runs still 'running' or 'paused' as 'interrupted' (training never survives its page).
   * `alive` tells whether another page (a tab) still holds a session.
   */
  async recover(alive: (session: string) => boolean = () => false): Promise<void> {
    const dead = (session: string | null | undefined) => session !== this.session && !(session && alive(session));
    await recoverSessions(await this.open(), { storage: this.journalStorage, dead, now: this.now, onError: (error) => (this.listener.onError ?? console.error)(error) });
  }

  private entry(id: string): Pending {
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
        const stamped = { ...entry, n: entry.n ?? ++this.writeCount };
        this.inFlight.set(id, stamped);
        try {
          const samples = samplesDue ? (entry.samples ?? null) : null;
          wrote = (await writeRun(await this.open(), id, stamped, samples, { session: this.session, n: stamped.n }, this.now())) || wrote;
          if (samples) this.samplesWrittenAt.set(id, this.now());
        } catch (error) {
          (this.listener.onError ?? console.error)(error);
        } finally {
          this.inFlight.delete(id);
        }
      }
      if (this.pending.size > 0 && !all) this.schedule();
      if (wrote) this.listener.onChange?.();
    });
    return this.writing;
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

