// Every run the page trains or imports, kept in IndexedDB so a reload loses nothing. History
// is stored append-only, as the worker's batches were received, at most one write a second;
// what is not yet written is journaled synchronously when the page is hidden (journal.ts).
import type { AlarmRecord } from '../manager/alarms/types';
import type { HistoryBatch, RunSettings, SamplesMessage } from '../protocol/messages';
import type { WeightMark } from '../state/historyStore';
import type { ArchivedStatus, RunMeta } from '../state/runsStore';
import type { RunArchiveListener, RunArchiveOptions } from './archive/archiveOptions';
import type { ImportedRun } from './archive/exportRun';
import { defaultJournalStorage, saveJournal, type JournalStorage } from './archive/journal';
import { recoverSessions } from './archive/recover';
import { deleteRun, loadRun, newRun, putImported, randomId, readableRuns, type LoadedRun } from './archive/runRecords';
import { RunsConnection } from './archive/runsConnection';
import { RUNS_DB_NAME, type Chunk, type MetaPatch, type RunsDatabase } from './archive/runsDb';
import { FailureReport, flushQueue, retryDelay, RETRY_MAX_MS, WriteQueue } from './archive/writeQueue';

export type { ArchivedStatus, ImportedHeader, RunMeta } from '../state/runsStore';
export type { LoadedRun } from './archive/runRecords';
export { RUNS_DB_NAME } from './archive/runsDb';
export type { RunsAccess } from './archive/runsConnection';

/** Both stores refused: the values recorded since are in this page's memory only. */
export const UNJOURNALED_MESSAGE =
  "what could not be saved could not be journaled in localStorage either (full or unavailable): it is kept in this page only, until saving works again (free some disk space, or this site's storage); closing or reloading the page now loses it";

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
  private readonly connection: RunsConnection;
  private readonly queue = new WriteQueue();
  private readonly failures = new FailureReport();
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
    this.session = options.session ?? randomId('session', this.now());
    this.journalStorage = options.journalStorage === undefined ? defaultJournalStorage() : options.journalStorage;
    this.connection = new RunsConnection(this.dbName, {
      onAccess: (access) => this.listener.onAccess?.(access),
      // Kept for the reload that brings this page's code up to the newer tab's.
      onSuperseded: () => void this.journal(),
    });
  }

  private open(): Promise<RunsDatabase> {
    return this.connection.get();
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
    this.queue.entry(id).create = newRun(id, settings, name ?? null, createdAt, this.session);
    this.schedule();
    return id;
  }

  appendHistory(id: string, batch: HistoryBatch): void {
    if (batch.step.length === 0) return;
    this.addChunk(id, { batch });
  }

  /**
   * Forgets the values from `fromStep` on: the run goes on from an earlier checkpoint. The marks
   * too, unless `keepMarks` (cut already at the checkpoint's step: cutMarks).
   */
  truncateHistory(id: string, fromStep: number, keepMarks = false): void {
    this.addChunk(id, keepMarks ? { truncateFrom: fromStep, keepMarks } : { truncateFrom: fromStep });
  }

  /** Forgets the weight marks from `fromStep` on (those after the checkpoint a run goes on from). */
  cutMarks(id: string, fromStep: number): void {
    this.addChunk(id, { marksFrom: fromStep });
  }

  addMark(id: string, mark: WeightMark): void {
    this.addChunk(id, { mark });
  }

  addAlarms(id: string, alarms: readonly AlarmRecord[]): void {
    this.addChunk(id, { alarms });
  }

  /** Keeps the latest samples; written at most every `samplesIntervalMs`. */
  setSamples(id: string, samples: SamplesMessage): void {
    this.queue.entry(id).samples = samples;
    this.schedule();
  }

  /** Also writes the latest samples at the next flush, so a paused or stopped run keeps its last picture. */
  setStatus(id: string, status: ArchivedStatus): void {
    const entry = this.queue.entry(id);
    (entry.patch ??= {}).status = status;
    entry.samplesNow = true;
    this.schedule();
  }

  setBackend(id: string, backend: string): void {
    this.patch(id, { backend });
  }

  setCheckpoint(id: string, step: number): void {
    this.patch(id, { checkpoint: { step, savedAt: this.now() } });
  }

  /** This page records the run from now on (a run resumed from its checkpoint after a reload). */
  adopt(id: string): void {
    this.patch(id, { session: this.session });
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
    this.queue.forget(id);
    // A journal kept earlier (the page hidden, a failed write) must not bring the run back.
    this.journal();
    this.samplesWrittenAt.delete(id);
    await deleteRun(await this.open(), id);
  }

  /**
   * Every stored run, newest first. Waits for a write under way but forces none (a listing
   * after every write must not defeat the throttle): flush() first to include the last second.
   */
  async list(): Promise<RunMeta[]> {
    await this.writing;
    const { runs, damaged } = readableRuns(await (await this.open()).getAll('runs'));
    if (damaged > 0 && damaged !== this.damagedReported) this.listener.onError?.(new Error(`${damaged} stored run${damaged === 1 ? ' is' : 's are'} damaged and not listed; the others are`));
    this.damagedReported = damaged;
    return runs.sort((a, b) => b.createdAt - a.createdAt || b.number - a.number);
  }
  private damagedReported = 0;

  /** A run's meta, its series rebuilt from the stored batches, its marks and last samples; null if there is none. */
  async load(id: string): Promise<LoadedRun | null> {
    await this.flush();
    const loaded = await loadRun(await this.open(), id);
    if (loaded && loaded.damaged > 0) this.listener.onError?.(new Error(`run "${loaded.meta.name}": ${loaded.damaged} stored history record${loaded.damaged === 1 ? ' is' : 's are'} damaged and left out; the rest is shown`));
    return loaded;
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
    await this.connection.close();
  }

  /**
   * Keeps everything not yet stored (writes under way, then what waits for the timer) in the
   * journal storage, synchronously: for a page being hidden or closed. Samples are left out
   * (a picture each; the next one comes with the next run). False where no journal could be kept.
   */
  journal(): boolean {
    if (!this.journalStorage) return false;
    return saveJournal(this.journalStorage, { session: this.session, runs: this.queue.journalRuns() });
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

  private addChunk(id: string, chunk: Chunk): void {
    (this.queue.entry(id).chunks ??= []).push(chunk);
    this.schedule();
  }

  private patch(id: string, fields: MetaPatch): void {
    Object.assign((this.queue.entry(id).patch ??= {}), fields);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== null) return;
    // While writes fail, tries are spaced out (retryDelay); a page given up to a newer tab only journals.
    const delay = this.connection.superseded ? RETRY_MAX_MS : retryDelay(this.flushIntervalMs, this.failures.failures);
    const wait = Math.max(0, this.lastFlush + delay - this.now());
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
      if (this.connection.superseded) {
        this.journal();
        return;
      }
      const { wrote, failed } = await flushQueue(this.queue, {
        open: () => this.open(),
        session: this.session,
        now: this.now,
        samplesDue: (id, entry) => all || entry.samplesNow === true || this.now() - (this.samplesWrittenAt.get(id) ?? -Infinity) >= this.samplesIntervalMs,
        samplesStored: (id) => this.samplesWrittenAt.set(id, this.now()),
        failed: (error) => {
          this.connection.failed(error);
          // A page given up to a newer tab says so once (onAccess), not per write.
          const report = this.connection.superseded ? null : this.failures.failed(error, this.dbName);
          if (report) (this.listener.onError ?? console.error)(report);
        },
      });
      if (failed) {
        this.failures.failures++;
        // What failed stays in the queue: journal it now, in case the page goes before a retry succeeds.
        const journaled = this.journal();
        // Said once: the failure's message promised a journal, and closing the page now loses what is only here.
        if (!journaled && !this.unjournaledReported) (this.listener.onError ?? console.error)(new Error(UNJOURNALED_MESSAGE));
        this.unjournaledReported = !journaled;
      } else if (this.failures.recovered()) this.listener.onRecovered?.();
      if (this.queue.busy && (!all || failed)) this.schedule();
      if (wrote) this.listener.onChange?.();
    });
    return this.writing;
  }

  private unjournaledReported = false;

  private async update(id: string, change: (meta: RunMeta) => RunMeta): Promise<void> {
    await this.flush();
    const tx = (await this.open()).transaction('runs', 'readwrite');
    const meta = await tx.store.get(id);
    if (!meta) throw new Error(`there is no run "${id}" in the archive`);
    await tx.store.put({ ...change(meta), updatedAt: this.now() });
    await tx.done;
  }
}

