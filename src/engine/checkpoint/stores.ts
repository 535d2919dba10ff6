import { parseCheckpoint, serializeCheckpoint, type Checkpoint } from './format';

/**
 * Where a run's checkpoint is kept: memory, IndexedDB (page or worker) or a pair of files
 * (Node). Each holds one run's latest checkpoint; saving again replaces it.
 */
export interface CheckpointStore {
  /** Checks the checkpoint, then replaces the stored one; a failed save leaves the old one. */
  save(checkpoint: Checkpoint): Promise<void>;
  /** The stored checkpoint, checked (CheckpointError says what is wrong); null when none was saved. */
  load(): Promise<Checkpoint | null>;
  /** Forgets the checkpoint: `load()` then gives null. */
  clear(): Promise<void>;
}

/** Keeps the serialized parts, not the object, so a load is checked just as one from disk is. */
export class MemoryCheckpointStore implements CheckpointStore {
  private stored: { json: string; weightData: ArrayBuffer } | null = null;

  async save(checkpoint: Checkpoint): Promise<void> {
    const { json, weightData } = serializeCheckpoint(checkpoint);
    this.stored = { json, weightData: weightData.slice(0) };
  }

  async load(): Promise<Checkpoint | null> {
    return this.stored && parseCheckpoint(this.stored.json, this.stored.weightData.slice(0), 'memory checkpoint');
  }

  async clear(): Promise<void> {
    this.stored = null;
  }
}
