import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import {
  appendToLossLog,
  checkLossLogChunks,
  emptyLossLog,
  LossLogError,
  setLossLogMeta,
  type LossLog,
  type LossLogChunk,
  type LossLogMeta,
} from './format';
import type { LossLogSink } from './sinks';

/** A chunk as stored: Float64Array copies, which IndexedDB clones compactly and NaN survives. */
interface StoredChunk {
  loss: Float64Array;
  weights: Float64Array;
  steps: Float64Array;
  raw?: Float64Array;
  time?: Float64Array;
}

interface LossLogDb extends DBSchema {
  /** The meta fields each run has set, by run id. */
  lossLogMeta: { key: string; value: Partial<LossLogMeta> };
  /** One record per append, keyed by an increasing number, so reading in key order replays them. */
  lossLogChunks: {
    key: number;
    value: { runId: string; chunks: Record<string, StoredChunk> };
    indexes: { runId: string };
  };
}

const DB_VERSION = 1;

function toStored(chunk: LossLogChunk): StoredChunk {
  const stored: StoredChunk = {
    loss: Float64Array.from(chunk.loss),
    weights: Float64Array.from(chunk.weights),
    steps: Float64Array.from(chunk.steps),
  };
  if (chunk.raw) stored.raw = Float64Array.from(chunk.raw);
  if (chunk.time) stored.time = Float64Array.from(chunk.time);
  return stored;
}

/**
 * Keeps a run's loss log in IndexedDB (browser page or worker). An append adds one record
 * holding its chunks, instead of rewriting the whole log as a file sink must, so dumping
 * stays cheap however long the run; `read()` replays the records in order.
 */
export class IndexedDbLossLogSink implements LossLogSink {
  /** The run whose log this sink reads and writes. */
  readonly runId: string;
  /** The IndexedDB database, shared by all runs. */
  readonly dbName: string;
  private db: Promise<IDBPDatabase<LossLogDb>> | undefined;

  /**
   * @param runId the run whose log this sink reads and writes; other runs share the database.
   * @param dbName the IndexedDB database. @default 'gan-loss-playground'
   * @throws LossLogError where there is no `indexedDB` (Node, some private modes).
   */
  constructor(runId: string, dbName = 'gan-loss-playground') {
    if (typeof indexedDB === 'undefined') {
      throw new LossLogError(
        'IndexedDbLossLogSink: indexedDB is not available here (Node has none); ' +
          'use FileLossLogSink or MemoryLossLogSink instead',
      );
    }
    if (runId === '') throw new LossLogError('IndexedDbLossLogSink: runId must not be empty');
    this.runId = runId;
    this.dbName = dbName;
  }

  async append(chunks: Record<string, LossLogChunk>, meta?: Partial<LossLogMeta>): Promise<void> {
    checkLossLogChunks(chunks);
    const names = Object.keys(chunks);
    const hasMeta = meta !== undefined && Object.values(meta).some((v) => v !== undefined);
    if (names.length === 0 && !hasMeta) return;
    const db = await this.open();
    // One transaction over both stores: the meta and the values land together or not at all.
    const tx = db.transaction(['lossLogMeta', 'lossLogChunks'], 'readwrite');
    if (hasMeta) {
      const metaStore = tx.objectStore('lossLogMeta');
      const stored = (await metaStore.get(this.runId)) ?? {};
      await metaStore.put({ ...stored, ...definedOnly(meta) }, this.runId);
    }
    if (names.length > 0) {
      const stored = Object.fromEntries(names.map((name) => [name, toStored(chunks[name] as LossLogChunk)]));
      await tx.objectStore('lossLogChunks').add({ runId: this.runId, chunks: stored });
    }
    await tx.done;
  }

  async read(): Promise<LossLog> {
    const db = await this.open();
    const tx = db.transaction(['lossLogMeta', 'lossLogChunks'], 'readonly');
    const [meta, records] = await Promise.all([
      tx.objectStore('lossLogMeta').get(this.runId),
      // An index lists equal keys in primary-key order, i.e. in the order they were appended.
      tx.objectStore('lossLogChunks').index('runId').getAll(this.runId),
      tx.done,
    ]);
    const log = emptyLossLog();
    setLossLogMeta(log, meta);
    for (const record of records) appendToLossLog(log, record.chunks);
    return log;
  }

  async clear(): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(['lossLogMeta', 'lossLogChunks'], 'readwrite');
    const chunkStore = tx.objectStore('lossLogChunks');
    const keys = await chunkStore.index('runId').getAllKeys(this.runId);
    await Promise.all([tx.objectStore('lossLogMeta').delete(this.runId), ...keys.map((key) => chunkStore.delete(key))]);
    await tx.done;
  }

  /** Closes the connection; a later call opens it again. */
  async close(): Promise<void> {
    const db = this.db;
    this.db = undefined;
    if (db) (await db).close();
  }

  private open(): Promise<IDBPDatabase<LossLogDb>> {
    this.db ??= openDB<LossLogDb>(this.dbName, DB_VERSION, {
      upgrade(db) {
        db.createObjectStore('lossLogMeta');
        db.createObjectStore('lossLogChunks', { autoIncrement: true }).createIndex('runId', 'runId');
      },
      // Another tab wants a newer schema: step aside, and reopen on the next call.
      blocking: () => void this.close(),
      terminated: () => {
        this.db = undefined;
      },
    }).catch((error: unknown) => {
      this.db = undefined;
      throw new LossLogError(`IndexedDbLossLogSink: cannot open database "${this.dbName}": ${String(error)}`, {
        cause: error,
      });
    });
    return this.db;
  }
}

function definedOnly(meta: Partial<LossLogMeta>): Partial<LossLogMeta> {
  return Object.fromEntries(Object.entries(meta).filter(([, v]) => v !== undefined));
}
