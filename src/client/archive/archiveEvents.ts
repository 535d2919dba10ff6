// What the archive tells the page: a stored write refreshes the run list; a failing write shows
// on it until writes store again; another tab blocking or taking over the database sets `access`.
import type { RunsStore } from '../../state/runsStore';
import type { RunArchive } from '../runArchive';

export function listenToArchive(archive: RunArchive, runs: RunsStore, refresh: () => Promise<void>, report: (error: unknown) => void): void {
  /** The last failed write's message, taken down once writes store again. */
  let writeError: string | null = null;
  archive.setListener({
    onChange: () => void refresh().catch(report),
    onError: (error) => report((writeError = error instanceof Error ? error.message : String(error))),
    onRecovered: () => {
      if (runs.getState().error === writeError) runs.getState().setError(null);
    },
    onAccess: (access) => runs.getState().setAccess(access),
  });
}
