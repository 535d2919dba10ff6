// The runs database's connection, and what other tabs do to it. A tab that opens a newer
// version (a newer playground) waits until every older connection closes: this one closes at
// once when asked ('blocking') and stops writing, since its code no longer fits the database.
// A tab that must wait for an older one ('blocked') says so instead of hanging silently. A
// connection the browser closed ('terminated') is opened again on the next use.
import type { RunsAccess } from '../../state/runsStore';
import { openRunsDb, type RunsDatabase } from './runsDb';

export type { RunsAccess } from '../../state/runsStore';

export interface RunsConnectionEvents {
  /** The database can be used ('open'), waits for another tab ('blocked'), or is given up to a newer tab ('superseded'). */
  readonly onAccess: (access: RunsAccess) => void;
  /** Called once, before the connection closes for a newer tab: keep what is not yet stored. */
  readonly onSuperseded: () => void;
}

/** Why nothing more is stored here once another tab opened a newer version. */
export const SUPERSEDED_MESSAGE = 'another tab runs a newer version of the playground: reload this tab to keep saving runs (what it recorded is kept in its journal for the reload)';

export class RunsConnection {
  private readonly name: string;
  private readonly events: RunsConnectionEvents;
  private db: Promise<RunsDatabase> | null = null;
  private supersededNow = false;

  constructor(name: string, events: RunsConnectionEvents) {
    this.name = name;
    this.events = events;
  }

  /** True once a newer version took the database: this page stores nothing more until reloaded. */
  get superseded(): boolean {
    return this.supersededNow;
  }

  /** The open connection (opened on first use, and again after the browser closed it). */
  get(): Promise<RunsDatabase> {
    if (this.supersededNow) return Promise.reject(new Error(SUPERSEDED_MESSAGE));
    if (this.db) return this.db;
    let blocked = false;
    const opening: Promise<RunsDatabase> = openRunsDb(this.name, {
      blocked: () => {
        blocked = true;
        this.events.onAccess('blocked');
      },
      blocking: (_current, _next, event) => {
        // Synchronously, so the newer tab is not left waiting; writes under way still finish.
        (event.target as IDBDatabase).close();
        if (this.db === opening) this.db = null;
        if (this.supersededNow) return;
        this.supersededNow = true;
        this.events.onSuperseded();
        this.events.onAccess('superseded');
      },
      terminated: () => {
        if (this.db === opening) this.db = null;
      },
    }).then(
      (db) => {
        if (blocked) this.events.onAccess('open');
        return db;
      },
      (error: unknown) => {
        if (this.db === opening) this.db = null;
        throw error;
      },
    );
    this.db = opening;
    return opening;
  }

  /**
   * A write failed: where the connection itself is closed or closing (InvalidStateError), the
   * next use opens a new one rather than fail the same way for ever.
   */
  failed(error: unknown): void {
    if (error instanceof Error && error.name === 'InvalidStateError') this.db = null;
  }

  /** Closes the connection; the next use opens it again. */
  async close(): Promise<void> {
    const db = this.db;
    this.db = null;
    (await db?.catch(() => null))?.close();
  }
}
