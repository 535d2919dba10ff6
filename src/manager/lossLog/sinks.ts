import {
  appendToLossLog,
  checkLossLogChunks,
  cloneLossLog,
  emptyLossLog,
  setLossLogMeta,
  type LossLog,
  type LossLogChunk,
  type LossLogMeta,
} from './format';

/**
 * Where the loss manager dumps its histories: memory, IndexedDB (browser/worker) or a
 * `loss_log.json` file (Node). Each holds one run's log.
 */
export interface LossLogSink {
  /**
   * Appends each loss's values to its lists, and sets the given meta fields. Rejects with a
   * LossLogError, storing nothing, when a chunk's lists differ in length.
   */
  append(chunks: Record<string, LossLogChunk>, meta?: Partial<LossLogMeta>): Promise<void>;
  /** The whole log so far; a copy the caller may change. Before any append: `emptyLossLog()`. */
  read(): Promise<LossLog>;
  /** Forgets everything, meta included: `read()` then gives `emptyLossLog()`. */
  clear(): Promise<void>;
}

/** Keeps the log in memory: for tests, and for runs nobody asked to persist. */
export class MemoryLossLogSink implements LossLogSink {
  private log = emptyLossLog();

  async append(chunks: Record<string, LossLogChunk>, meta?: Partial<LossLogMeta>): Promise<void> {
    // Check first so a bad chunk leaves the meta unchanged as well.
    checkLossLogChunks(chunks);
    setLossLogMeta(this.log, meta);
    appendToLossLog(this.log, chunks);
  }

  async read(): Promise<LossLog> {
    return cloneLossLog(this.log);
  }

  async clear(): Promise<void> {
    this.log = emptyLossLog();
  }
}
