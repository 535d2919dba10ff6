// After a page load: what dead page sessions journaled and did not store is written, and their
// runs still 'running' or 'paused' are marked 'interrupted' (training never survives its page).
import { JournalError, parseJournal, removeJournal, storedJournals, type JournalStorage } from './journal';
import { writeRun, type RunsDatabase } from './runsDb';

export interface RecoverOptions {
  /** Where journals are kept; null: none. */
  readonly storage: JournalStorage | null;
  /** True for a session whose page is gone (not this page's, and no tab holds it). */
  readonly dead: (session: string | null | undefined) => boolean;
  readonly now: () => number;
  readonly onError: (error: unknown) => void;
}

/** The database's refusals that a later load may not meet; a DataError or DataCloneError is the journal's own fault. */
const STORAGE_REFUSALS = new Set(['QuotaExceededError', 'AbortError', 'InvalidStateError', 'TransactionInactiveError', 'UnknownError']);

export async function recoverSessions(db: RunsDatabase, { storage, dead, now, onError }: RecoverOptions): Promise<void> {
  for (const { session, text } of storage ? storedJournals(storage) : []) {
    if (!dead(session)) continue;
    try {
      for (const run of parseJournal(text).runs) {
        for (const { n, write } of run.writes) await writeRun(db, run.id, write, null, { session, n }, now());
      }
    } catch (error) {
      // The database refused (a full disk, a closed connection): keep the journal for the next
      // load, where the writes' stamps skip what did land. Anything else is a damaged journal.
      if (error instanceof DOMException && STORAGE_REFUSALS.has(error.name)) {
        onError(new Error(`a journal of unsaved values could not be stored yet (${error.name}: ${error.message}); it is kept and tried again on the next load`));
        continue;
      }
      onError(error instanceof JournalError ? new Error(`a journal of unsaved values could not be read (${error.message}); it was removed`) : error);
    }
    removeJournal(storage!, session);
  }
  for (const meta of await db.getAll('runs')) {
    if ((meta.status === 'running' || meta.status === 'paused') && dead(meta.session)) await db.put('runs', { ...meta, status: 'interrupted', updatedAt: now() });
  }
}
