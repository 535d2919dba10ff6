// Which stored runs the charts draw beside the open one, and in which colour. Both are kept
// with the run (its meta in IndexedDB), so they survive a reload; the series of every shown
// run other than the open one are loaded into the runs store once and dropped when the run is
// hidden, opened (its values are then the history store's) or deleted.
import type { RunsStore, RunsState } from '../../state/runsStore';
import type { SeriesByName } from '../../state/series';
import type { RunArchive } from '../runArchive';

export interface ShownRuns {
  /** Shows the run on the charts (its series are loaded) or hides it; kept with the run. */
  setShown(id: string, shown: boolean): Promise<void>;
  /** Keeps the run's colour ('#rrggbb'). */
  setColor(id: string, color: string): Promise<void>;
}

const HEX = /^#[0-9a-f]{6}$/i;

/** The ids whose series the store should hold: shown, and not the current run. */
function wanted(state: RunsState): Set<string> {
  return new Set(state.runs.filter((r) => r.shown === true && r.id !== state.currentRunId).map((r) => r.id));
}

/**
 * Keeps `runs.shownSeries` in step with the run list and the current run, whatever changed them
 * (a toggle, open, start, delete, a reload's first listing).
 * @param refresh re-reads the run list after a change is stored
 */
export function createShownRuns(runs: RunsStore, archive: RunArchive | null, refresh: () => Promise<void>, report: (error: unknown) => void): ShownRuns {
  const loading = new Set<string>();

  const put = (change: (next: Map<string, SeriesByName>) => void) => {
    const next = new Map(runs.getState().shownSeries);
    change(next);
    runs.getState().setShownSeries(next);
  };

  /**
   * Loads runs together and stores their series in one update: a page opening with 8 runs
   * shown redraws its charts once, not once per run.
   */
  async function load(ids: readonly string[]): Promise<void> {
    if (!archive || ids.length === 0) return;
    ids.forEach((id) => loading.add(id));
    try {
      // Flushes first: a run that was being recorded a moment ago is loaded in full.
      const loaded = await Promise.all(ids.map((id) => archive.load(id)));
      const want = wanted(runs.getState());
      const ready = loaded.flatMap((run) => (run && want.has(run.meta.id) ? [[run.meta.id, run.series] as const] : []));
      if (ready.length > 0) put((next) => ready.forEach(([id, series]) => next.set(id, series)));
    } finally {
      ids.forEach((id) => loading.delete(id));
    }
    // Hidden and shown again while they loaded, or the list changed: settle on the latest.
    reconcile();
  }

  function reconcile(): void {
    const state = runs.getState();
    const want = wanted(state);
    const stale = [...state.shownSeries.keys()].filter((id) => !want.has(id));
    if (stale.length > 0) put((next) => stale.forEach((id) => next.delete(id)));
    void load([...want].filter((id) => !state.shownSeries.has(id) && !loading.has(id))).catch(report);
  }

  runs.subscribe((state, previous) => {
    if (state.runs !== previous.runs || state.currentRunId !== previous.currentRunId) reconcile();
  });

  const need = (): RunArchive => {
    if (!archive) throw new Error('runs are not kept: this browser offers no IndexedDB');
    return archive;
  };

  return {
    async setShown(id, shown) {
      await need().setLook(id, { shown });
      await refresh();
    },
    async setColor(id, color) {
      if (!HEX.test(color)) throw new Error(`a run's colour must be '#rrggbb', got ${JSON.stringify(color).slice(0, 40)}`);
      await need().setLook(id, { color: color.toLowerCase() });
      await refresh();
    },
  };
}
