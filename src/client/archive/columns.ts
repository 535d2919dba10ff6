// History batches (the worker's column format) <-> the page's series. The archive stores
// batches as received and rebuilds series from them exactly as the history store does.
import { emptyHistoryColumns } from '../../manager/historyColumns';
import type { HistoryBatch } from '../../protocol/messages';
import { pushToSeries, reserveSeries, seriesFor, type Series, type SeriesByName } from '../../state/series';

export type { SeriesByName } from '../../state/series';

/**
 * Appends a batch's values to `series` in the history store's order (so rebuilds are bit for
 * bit). Each series is looked up and sized once per batch, not per value: a stored run of
 * 100,000 steps is one or a few batches of 300,000 values, read back when the run is shown.
 */
export function appendBatch(series: Map<string, Series>, batch: HistoryBatch): void {
  const targets: Series[] = [];
  const counts: number[] = [];
  const target = (loss: number): Series => (targets[loss] ??= seriesFor(series, batch.names[loss] ?? '?'));
  for (let i = 0; i < batch.step.length; i++) {
    const loss = batch.loss[i] as number;
    // Created at its first value, as one push at a time did: the map's order is the charts' order.
    if (counts[loss] === undefined) target(loss);
    counts[loss] = (counts[loss] ?? 0) + 1;
  }
  counts.forEach((count, loss) => {
    const s = target(loss);
    reserveSeries(s, s.length + count);
  });
  for (let i = 0; i < batch.step.length; i++) {
    pushToSeries(target(batch.loss[i] as number), batch.step[i] as number, batch.value[i] as number, batch.weight[i] as number, batch.raw[i] as number, batch.time[i] as number);
  }
}

/** Drops every value at `fromStep` or later (a run resumed from an earlier checkpoint). */
export function truncateSeries(series: SeriesByName, fromStep: number): void {
  for (const s of series.values()) {
    let n = s.length;
    while (n > 0 && (s.step[n - 1] as number) >= fromStep) n--;
    s.length = n;
  }
}

/** The smallest step in a batch, or null for an empty one. */
export function firstStep(batch: HistoryBatch): number | null {
  let min: number | null = null;
  for (const step of batch.step) if (min === null || step < min) min = step;
  return min;
}

function concat<T extends Float32Array | Float64Array | Uint32Array>(parts: readonly ArrayLike<number>[], make: new (n: number) => T): T {
  const out = new make(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** One batch holding several in order: loss names are unioned, each batch's indices remapped. */
export function mergeBatches(batches: readonly HistoryBatch[]): HistoryBatch {
  if (batches.length === 1) return batches[0] as HistoryBatch;
  const names: string[] = [];
  const index = new Map<string, number>();
  const loss = batches.map((batch) => {
    const remap = batch.names.map((name) => {
      if (!index.has(name)) index.set(name, names.push(name) - 1);
      return index.get(name) as number;
    });
    // Into 32 bits: a batch stored before the loss column widened holds a Uint16Array.
    return Uint32Array.from(batch.loss, (i) => remap[i] ?? 0);
  });
  return {
    names,
    loss: concat(loss, Uint32Array),
    step: concat(batches.map((b) => b.step), Float64Array),
    value: concat(batches.map((b) => b.value), Float32Array),
    weight: concat(batches.map((b) => b.weight), Float32Array),
    raw: concat(batches.map((b) => b.raw), Float32Array),
    time: concat(batches.map((b) => b.time), Float64Array),
  };
}

/** Every series as one batch, loss after loss: appending it to an empty history store rebuilds them. */
export function seriesToBatch(series: SeriesByName): HistoryBatch {
  const all = [...series.values()];
  const n = all.reduce((sum, s) => sum + s.length, 0);
  const batch = emptyHistoryColumns(
    all.map((s) => s.name),
    n,
  );
  let offset = 0;
  all.forEach((s, i) => {
    batch.loss.fill(i, offset, offset + s.length);
    batch.step.set(s.step.subarray(0, s.length), offset);
    batch.value.set(s.value.subarray(0, s.length), offset);
    batch.weight.set(s.weight.subarray(0, s.length), offset);
    batch.raw.set(s.raw.subarray(0, s.length), offset);
    batch.time.set(s.time.subarray(0, s.length), offset);
    offset += s.length;
  });
  return batch;
}

/**
 * The batch in pieces of at most `maxValues` values, in order (copies: a stored view would
 * store its whole buffer). The names stay whole, so each piece's loss indices still hold.
 */
export function splitBatch(batch: HistoryBatch, maxValues: number): HistoryBatch[] {
  const n = batch.step.length;
  if (n <= maxValues) return [batch];
  const pieces: HistoryBatch[] = [];
  for (let from = 0; from < n; from += maxValues) {
    const to = Math.min(n, from + maxValues);
    const { names, loss, step, value, weight, raw, time } = batch;
    pieces.push({ names, loss: loss.slice(from, to), step: step.slice(from, to), value: value.slice(from, to), weight: weight.slice(from, to), raw: raw.slice(from, to), time: time.slice(from, to) });
  }
  return pieces;
}
