// The loss history as parallel typed arrays: what a LossManager flush records, what the worker
// posts to the page, and what the page's run archive stores. tfjs-free, so both sides share it.

/**
 * The loss index column: 32-bit, so a log of more than 65,535 losses keeps each value's loss.
 * Batches stored before it widened (the page's IndexedDB) hold a Uint16Array, and readers
 * take either.
 */
export type LossIndexColumn = Uint32Array | Uint16Array;

/**
 * Values as parallel typed arrays (entry i is loss `names[loss[i]]` at `step[i]`), ready to post
 * to the page without one object per number.
 */
export interface HistoryColumns {
  readonly names: readonly string[];
  readonly loss: LossIndexColumn;
  readonly step: Float64Array;
  /** Weighted mean, as NectarGAN logs it. */
  readonly value: Float32Array;
  readonly weight: Float32Array;
  readonly raw: Float32Array;
  /** Milliseconds since the run started. */
  readonly time: Float64Array;
}

/** Columns for `n` values of the losses `names`, zero-filled, to be written in place. */
export function emptyHistoryColumns(names: readonly string[], n: number): HistoryColumns & { readonly loss: Uint32Array } {
  return {
    names,
    loss: new Uint32Array(n),
    step: new Float64Array(n),
    value: new Float32Array(n),
    weight: new Float32Array(n),
    raw: new Float32Array(n),
    time: new Float64Array(n),
  };
}
