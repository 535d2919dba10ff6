// Records the training run's events into the archive and turns the run list's actions (open,
// rename, delete, show beside the open run, colour, export, import) into store updates. The
// playground owns one.
import type { RunSettings, TrainingEvent } from '../../protocol/messages';
import type { HistoryStore } from '../../state/historyStore';
import type { MapsStore } from '../../state/mapsStore';
import type { RunStatus, RunStore } from '../../state/runStore';
import { checkpointOwner, type ArchivedStatus, type RunsStore } from '../../state/runsStore';
import type { SettingsStore } from '../../state/settingsStore';
import type { RunArchive } from '../runArchive';
import { listenToArchive } from './archiveEvents';
import { firstStep } from './columns';
import { cutShownHistory, cutShownMarks, showSeries } from './historyView';
import { recordWorkerEvent } from './recordWorkerEvent';
import { csvFile, lossLogFile, readLog, type RunFile } from './runFiles';
import { holdSessionLock, liveSessions } from './sessionLock';
import { createShownRuns } from './shownRuns';
import { storedSettings } from './storedSettings';

export interface RunsControllerStores {
  readonly run: RunStore;
  readonly settings: SettingsStore;
  readonly history: HistoryStore;
  readonly maps: MapsStore;
  readonly runs: RunsStore;
}

export interface RunsController {
  /** Settles once the run list is read and the newest run reopened (at once without IndexedDB). */
  readonly ready: Promise<void>;
  /** A new run starts with these settings: record it (call before the status changes). */
  onStart(settings: RunSettings): void;
  /** The worker is asked to go on from its checkpoint: record into the run that saved it. */
  onRestore(): void;
  /** Every worker event, before the stores see it. */
  onEvent(event: TrainingEvent): void;
  /** Shows an archived run: its curves, marks, last samples and settings. Not while training. */
  open(id: string): Promise<void>;
  rename(id: string, name: string): Promise<void>;
  remove(id: string): Promise<void>;
  /** Draws the run on the charts beside the open one, or stops; kept with the run. Any number at once. */
  setShown(id: string, shown: boolean): Promise<void>;
  /** Sets the run's colour ('#rrggbb') in the list and on every chart; kept with the run. */
  setColor(id: string, color: string): Promise<void>;
  exportLossLog(id: string): Promise<RunFile>;
  exportCsv(id: string): Promise<RunFile>;
  /** Keeps a loss_log.json or an MMagic log (scalars.json, *.log.json) as a read-only run, opens it (unless training); resolves with a notice of lines skipped, or null. */
  importLossLog(text: string, fileName: string): Promise<string | null>;
  /** Opens the run whose checkpoint the worker holds and goes on training from it. */
  resumeFromCheckpoint(id: string): Promise<void>;
  /**
   * The page is hidden or going away: keeps what is not yet stored in the journal, at once
   * (a closing page may not finish an IndexedDB write), and starts writing it.
   */
  onHidden(): void;
}

const ARCHIVED: Readonly<Record<RunStatus, ArchivedStatus>> = {
  idle: 'stopped',
  starting: 'running',
  running: 'running',
  paused: 'paused',
  stopped: 'stopped',
  failed: 'failed',
};

const isTraining = (status: RunStatus) => status === 'starting' || status === 'running' || status === 'paused';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * @param archive null where there is no IndexedDB: nothing is kept and every action is refused.
 * @param restore asks the worker to go on from its checkpoint (the playground's restoreCheckpoint).
 */
export function createRunsController(stores: RunsControllerStores, archive: RunArchive | null, restore: () => void): RunsController {
  const { runs } = stores;
  /** After a restore, the first history batch says where the resumed values begin: later ones are redone. */
  let cutPending = false;
  /**
   * Between restoreCheckpoint and 'ready' (or 'failed': nothing to restore). Nothing changes
   * before 'ready': the run being stopped for the restore still reports into its own record.
   */
  let restoring: { readonly owner: string | null; readonly step: number | null; failed: boolean } | null = null;
  /** The run that saved a checkpoint in this session, and its step (the list may not show it for a second). */
  let savedCheckpoint: { readonly id: string; readonly step: number | null } | null = null;
  /** The resume cut the marks at its checkpoint's step already: the values' cut keeps them. */
  let marksCut = false;
  /** Counts starts and restores, so an open that finishes after one gives way. */
  let starts = 0;

  const current = () => runs.getState().currentRunId;
  const recording = () => (runs.getState().live ? current() : null);
  const report = (error: unknown) => runs.getState().setError(messageOf(error));
  const need = (): RunArchive => {
    if (!archive) throw new Error('runs are not kept: this browser offers no IndexedDB');
    return archive;
  };

  async function refresh(): Promise<void> {
    if (archive) runs.getState().setRuns(await archive.list());
  }
  if (archive) listenToArchive(archive, runs, refresh, report);
  const shownRuns = createShownRuns(runs, archive, refresh, report);

  // Status changes of the recorded run, whichever action or event made them.
  stores.run.subscribe((state, previous) => {
    if (restoring) {
      // 'starting' for the restore, the stopped run's 'paused', a failed restore's 'failed': none is the run's.
      if (restoring.failed) restoring = null;
      return;
    }
    const id = recording();
    if (archive && id && state.status !== previous.status) archive.setStatus(id, ARCHIVED[state.status]);
  });

  /**
   * The values recorded before a restore, cut where the resumed run's first batch begins (the
   * values since the checkpoint before, which the worker sends again). The marks were cut at
   * the checkpoint's own step (cutMarks): those between are in the checkpoint, never re-sent.
   */
  function cutHistory(id: string, from: number): void {
    archive?.truncateHistory(id, from, marksCut);
    cutShownHistory(stores.history, from, marksCut);
  }

  /** The weight changes after the checkpoint the worker went on from are not the run's any more. */
  function cutMarks(id: string, from: number): void {
    archive?.cutMarks(id, from);
    cutShownMarks(stores.history, from);
    marksCut = true;
  }

  /** @param applySettings also make the run's settings the next Start's. */
  async function open(id: string, applySettings = true): Promise<void> {
    if (runs.getState().live && isTraining(stores.run.getState().status)) throw new Error('a run is training: reset it before opening another run');
    const started = starts;
    const loaded = await need().load(id);
    if (!loaded) throw new Error('that run is no longer in the archive');
    // A run started while it loaded keeps the charts.
    if (starts !== started) return;
    const { meta, series, marks, alarms, samples } = loaded;
    runs.getState().setCurrent(id, false);
    showSeries(stores.history, series, marks, alarms);
    stores.maps.getState().reset();
    if (samples) stores.maps.getState().setSamples(samples);
    if (meta.settings && applySettings) {
      const { settings, notice } = storedSettings(meta.settings, meta.name);
      stores.settings.setState({ settings });
      if (notice) runs.getState().setError(notice);
    }
    // Training never survives a reload (the worker's checkpoint does): nothing runs now.
    stores.run.getState().setStatus(meta.status === 'imported' ? 'idle' : 'stopped');
  }

  const initialSettings = stores.settings.getState().settings;
  async function reopenLatest(): Promise<void> {
    if (!archive) return;
    const list = await archive.list();
    runs.getState().setRuns(list);
    const latest = list[0];
    // A run started meanwhile wins, and so do settings the user changed meanwhile.
    if (latest && current() === null) await open(latest.id, stores.settings.getState().settings === initialSettings);
  }

  /** The run whose checkpoint the worker holds, and the checkpoint's step where known. */
  function checkpointHolder(): { readonly id: string | null; readonly step: number | null } {
    if (savedCheckpoint) return savedCheckpoint;
    const owner = checkpointOwner(runs.getState().runs);
    return { id: owner?.id ?? null, step: owner?.checkpoint?.step ?? null };
  }

  /** The worker is ready on the restored checkpoint (saved at `step`): record into the run that saved it. */
  function restored(owner: string | null, step: number | null): void {
    if (!archive) return;
    if (owner !== null && owner === current()) {
      cutPending = true;
      marksCut = false;
      if (step !== null) cutMarks(owner, step);
      // A run from an earlier page (interrupted by a reload): this page records it now.
      archive.adopt(owner);
      runs.getState().setCurrent(owner, true);
      return;
    }
    // The checkpoint is another run's: go on in a new run rather than mix two runs' curves.
    const previous = recording();
    if (previous) archive.setStatus(previous, 'stopped');
    const ownerMeta = runs.getState().runs.find((r) => r.id === owner);
    const settings = ownerMeta?.settings ?? stores.settings.getState().settings;
    stores.history.getState().reset();
    stores.maps.getState().reset();
    runs.getState().setCurrent(archive.createRun(settings, ownerMeta ? `${ownerMeta.name} (resumed)` : 'Resumed from checkpoint'), true);
  }

  if (archive) holdSessionLock(archive.session);
  // Values a closed page journaled are stored, and runs whose page is gone marked
  // interrupted, before the newest run is shown.
  const ready = (async () => {
    if (archive) await archive.recover(await liveSessions());
    await reopenLatest();
  })().catch(report);

  return {
    ready,
    onStart(settings) {
      if (!archive) return;
      const previous = recording();
      if (previous && isTraining(stores.run.getState().status)) archive.setStatus(previous, 'stopped');
      starts++;
      restoring = null;
      cutPending = false;
      marksCut = false;
      runs.getState().setCurrent(archive.createRun(settings), true);
    },
    onRestore() {
      if (!archive) return;
      starts++;
      const holder = checkpointHolder();
      restoring = { owner: holder.id, step: holder.step, failed: false };
    },
    onEvent(event) {
      if (!archive) return;
      if (restoring && !restoring.failed) {
        if (event.type === 'ready') {
          const { owner, step } = restoring;
          restoring = null;
          restored(owner, step);
        } else if (event.type === 'failed') {
          restoring.failed = true;
          return;
        }
      }
      const id = recording();
      if (!id) return;
      if (event.type === 'history' && cutPending) {
        const from = firstStep(event.batch);
        if (from !== null) {
          cutPending = false;
          cutHistory(id, from);
        }
      }
      if (event.type === 'checkpointSaved') savedCheckpoint = { id, step: event.step };
      recordWorkerEvent(archive, id, event);
    },
    open,
    async rename(id, name) {
      const trimmed = name.trim();
      if (trimmed === '') throw new Error('a run needs a name');
      await need().rename(id, trimmed);
      await refresh();
    },
    async remove(id) {
      const state = runs.getState();
      if (id === state.currentRunId && state.live && isTraining(stores.run.getState().status)) throw new Error('this run is training: reset it before deleting it');
      await need().delete(id);
      if (savedCheckpoint?.id === id) savedCheckpoint = null;
      if (id === state.currentRunId) {
        state.setCurrent(null, false);
        stores.history.getState().reset();
        stores.maps.getState().reset();
        stores.run.getState().setStatus('idle');
      }
      await refresh();
    },
    setShown: (id, shown) => shownRuns.setShown(id, shown),
    setColor: (id, color) => shownRuns.setColor(id, color),
    exportLossLog: async (id) => lossLogFile(need(), id),
    exportCsv: async (id) => csvFile(need(), id),
    async importLossLog(text, fileName) {
      const { run, notice } = await readLog(text, fileName);
      const id = await need().saveImported(run);
      await refresh();
      runs.getState().setError(notice);
      if (!(runs.getState().live && isTraining(stores.run.getState().status))) await open(id);
      return notice;
    },
    async resumeFromCheckpoint(id) {
      if (current() !== id) await open(id);
      savedCheckpoint = { id, step: runs.getState().runs.find((r) => r.id === id)?.checkpoint?.step ?? null };
      restore();
    },
    onHidden() {
      if (!archive) return;
      archive.journal();
      void archive.flush().catch(report);
    },
  };
}
