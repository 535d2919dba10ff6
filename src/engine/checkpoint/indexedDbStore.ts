import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { CheckpointError, parseCheckpoint, serializeCheckpoint, type Checkpoint } from './format';
import type { CheckpointStore } from './stores';

interface CheckpointDb extends DBSchema {
  /** The latest checkpoint of each run, by run id: the header's JSON text and the weights. */
  checkpoints: { key: string; value: { json: string; weightData: ArrayBuffer; savedAt: number } };
}

// A database of its own (not the loss log's 'gan-loss-playground'), so either schema can
// change version without upgrading, or blocking, the other.
const DB_VERSION = 1;

/** Keeps a run's latest checkpoint in IndexedDB (page or worker). */
export class IndexedDbCheckpointStore implements CheckpointStore {
  /** The run whose checkpoint this store reads and writes. */
  readonly runId: string;
  readonly dbName: string;
  private db: Promise<IDBPDatabase<CheckpointDb>> | undefined;

  /**
   * @param runId the run whose checkpoint this store keeps; other runs share the database.
   * @param dbName the IndexedDB database. @default 'gan-loss-playground-checkpoints'
   * @throws CheckpointError where there is no `indexedDB` (Node, some private modes).
   */
  constructor(runId: string, dbName = 'gan-loss-playground-checkpoints') {
    if (typeof indexedDB === 'undefined') {
      throw new CheckpointError('IndexedDbCheckpointStore: indexedDB is not available here (Node has none); use FileCheckpointStore or MemoryCheckpointStore');
    }
    if (runId === '') throw new CheckpointError('IndexedDbCheckpointStore: runId must not be empty');
    this.runId = runId;
    this.dbName = dbName;
  }

  async save(checkpoint: Checkpoint): Promise<void> {
    const { json, weightData } = serializeCheckpoint(checkpoint);
    // One put of one record: the header and its weights replace the old pair together.
    await (await this.open()).put('checkpoints', { json, weightData, savedAt: Date.now() }, this.runId);
  }

  async load(): Promise<Checkpoint | null> {
    const record = await (await this.open()).get('checkpoints', this.runId);
    return record ? parseCheckpoint(record.json, record.weightData, `IndexedDB ${this.dbName}/checkpoints/${this.runId}`) : null;
  }

  async clear(): Promise<void> {
    await (await this.open()).delete('checkpoints', this.runId);
  }

  /** Closes the connection; a later call opens it again. */
  async close(): Promise<void> {
    const db = this.db;
    this.db = undefined;
    if (db) (await db).close();
  }

  private open(): Promise<IDBPDatabase<CheckpointDb>> {
    this.db ??= openDB<CheckpointDb>(this.dbName, DB_VERSION, {
      upgrade: (db) => void db.createObjectStore('checkpoints'),
      // Another tab wants a newer schema: step aside, and reopen on the next call.
      blocking: () => void this.close(),
      terminated: () => {
        this.db = undefined;
      },
    }).catch((error: unknown) => {
      this.db = undefined;
      throw new CheckpointError(`IndexedDbCheckpointStore: cannot open database "${this.dbName}": ${String(error)}`, { cause: error });
    });
    return this.db;
  }
}
