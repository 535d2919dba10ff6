// A session's checkpoints: when the next is due, and the values each keeps to re-send on restore.
import type { HistoryColumns } from '../manager';
import type { RunSettings } from '../protocol/messages';
import { copyColumns, createCheckpoint, finiteWeights, fromCheckpointHistory, type Checkpoint, type CheckpointStore, type CheckpointTarget } from './checkpoint';
import { toCheckpointHistory } from './checkpoint/history';

/**
 * When checkpoints are saved: one right after the warm-up step, so a run can be resumed from
 * its first seconds on (a reload, a lost GPU), then after `firstMs`, the interval doubling up to
 * `everyMs`. A pause saves one too.
 */
export const CHECKPOINT_INTERVALS_MS = { firstMs: 10_000, everyMs: 60_000 } as const;

/** Milliseconds from the `saved`-th automatic checkpoint (1 = the warm-up one) to the next. */
export function checkpointInterval(saved: number): number {
  return Math.min(CHECKPOINT_INTERVALS_MS.everyMs, CHECKPOINT_INTERVALS_MS.firstMs * 2 ** Math.max(0, saved - 1));
}

export class SessionCheckpoints {
  /** When the next automatic checkpoint is due (Infinity until the run is warm). */
  private dueAt = Infinity;
  private saved = 0;
  /** What was posted since the last checkpoint: the next one keeps it, to re-send on restore. */
  private since: HistoryColumns[] = [];
  private readonly store: CheckpointStore | undefined;
  private readonly now: () => number;

  constructor(store: CheckpointStore | undefined, now: () => number) {
    this.store = store;
    this.now = now;
  }

  get enabled(): boolean {
    return this.store !== undefined;
  }

  /** A new run: nothing saved, nothing due. */
  reset(): void {
    this.dueAt = Infinity;
    this.saved = 0;
    this.since = [];
  }

  /** The run's first step is done: the first checkpoint is due now. */
  warmedUp(): void {
    this.dueAt = this.now();
  }

  isDue(t: number): boolean {
    return this.enabled && t >= this.dueAt;
  }

  /** Values about to be posted (their buffers transferred): a copy is kept for the next checkpoint. */
  posted(columns: HistoryColumns): void {
    if (this.enabled) this.since.push(copyColumns(columns));
  }

  /**
   * Saves the run as it stands, with the values since the last checkpoint. Weights that are no
   * longer finite are never saved over the last good checkpoint: with `strict` that is an
   * error, else the save is skipped (the next read-back stops the run). The checkpoint saved, or null.
   */
  async save(run: CheckpointTarget & { readonly settings: RunSettings }, strict: boolean): Promise<Checkpoint | null> {
    if (!this.store) throw new Error('checkpoints are not available here');
    const checkpoint = await createCheckpoint({ ...run, history: toCheckpointHistory(this.since) });
    if (!finiteWeights(checkpoint)) {
      if (strict) throw new Error("not saved: the run's weights are no longer finite (NaN or infinite); the last checkpoint is kept");
      return null;
    }
    await this.store.save(checkpoint);
    this.since = [];
    this.saved++;
    this.dueAt = this.now() + checkpointInterval(this.saved);
    return checkpoint;
  }

  /** The stored checkpoint; an error when there is none. */
  async load(): Promise<Checkpoint> {
    const checkpoint = await this.store?.load();
    if (!checkpoint) throw new Error('there is no checkpoint to restore: save one first');
    return checkpoint;
  }

  /**
   * The values a restored checkpoint kept, to post before training goes on: a page that closed
   * before the last ones arrived has every step before the checkpoint again. Null when none.
   */
  replay(checkpoint: Checkpoint): HistoryColumns | null {
    const { history } = checkpoint.header;
    if (!history || history.loss.length === 0) return null;
    const columns = fromCheckpointHistory(history);
    this.posted(columns);
    return columns;
  }
}
