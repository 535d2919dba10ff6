// What a RunArchive is made with, and what it tells its owner (the playground) as it writes.
import type { JournalStorage } from './journal';
import type { RunsAccess } from './runsConnection';

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
  /**
   * A timed write failed (quota, a closed database), once per cause: what it held is kept and
   * tried again; training goes on. @default console.error
   */
  readonly onError?: (error: unknown) => void;
  /** Writes store again after a failure was reported. */
  readonly onRecovered?: () => void;
  /** Whether the database can be used from this tab (another tab may block it, or take it over). */
  readonly onAccess?: (access: RunsAccess) => void;
}
