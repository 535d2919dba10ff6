// The history a checkpoint carries: every value recorded since the previous checkpoint. A page
// that closed before the last values it was sent arrived has all the steps before a checkpoint
// again once the run resumes from it (the session re-sends these first), so a resumed run's
// history has no gap. JSON arrays, as the rest of the header.
import { z } from '../../zodConfig'; // zod, configured jitless before any schema is built
import { emptyHistoryColumns, type HistoryColumns } from '../../manager/historyColumns';

export interface CheckpointHistory {
  readonly names: readonly string[];
  /** Index into `names` of each value; the other lists are aligned with it. */
  readonly loss: readonly number[];
  readonly step: readonly number[];
  readonly value: readonly number[];
  readonly weight: readonly number[];
  readonly raw: readonly number[];
  readonly time: readonly number[];
}

const LISTS = ['step', 'value', 'weight', 'raw', 'time'] as const;

// A derived series (a gradient norm) has no weight: NaN in memory, null once written as JSON.
const numbers = z.array(z.custom<number | null>((v) => v === null || typeof v === 'number', { error: 'expected a number' })).transform((list) => list.map((v) => v ?? NaN));

export const checkpointHistorySchema = z
  .strictObject({
    names: z.array(z.string()),
    loss: z.array(z.int().min(0)),
    step: z.array(z.number()),
    value: numbers,
    weight: numbers,
    raw: numbers,
    time: numbers,
  })
  .superRefine((h, ctx) => {
    for (const key of LISTS) {
      if (h[key].length !== h.loss.length) ctx.addIssue({ code: 'custom', path: [key], message: `has ${h[key].length} values but loss has ${h.loss.length}` });
    }
    const bad = h.loss.findIndex((i) => i >= h.names.length);
    if (bad !== -1) ctx.addIssue({ code: 'custom', path: ['loss', bad], message: `names loss ${h.loss[bad]}, but there are ${h.names.length} names` });
  });

/** Several flushes' columns as one history, in order; names are unioned. */
export function toCheckpointHistory(batches: readonly HistoryColumns[]): CheckpointHistory {
  const names: string[] = [];
  const index = new Map<string, number>();
  const out = { names, loss: [] as number[], step: [] as number[], value: [] as number[], weight: [] as number[], raw: [] as number[], time: [] as number[] };
  for (const b of batches) {
    const remap = b.names.map((name) => {
      if (!index.has(name)) index.set(name, names.push(name) - 1);
      return index.get(name)!;
    });
    for (let i = 0; i < b.step.length; i++) {
      out.loss.push(remap[b.loss[i]!]!);
      out.step.push(b.step[i]!);
      out.value.push(b.value[i]!);
      out.weight.push(b.weight[i]!);
      out.raw.push(b.raw[i]!);
      out.time.push(b.time[i]!);
    }
  }
  return out;
}

/** The history as columns to post to the page again. */
export function fromCheckpointHistory(history: CheckpointHistory): HistoryColumns {
  const columns = emptyHistoryColumns(history.names, history.loss.length);
  columns.loss.set(history.loss);
  columns.step.set(history.step);
  columns.value.set(history.value);
  columns.weight.set(history.weight);
  columns.raw.set(history.raw);
  columns.time.set(history.time);
  return columns;
}

/** A copy of columns whose buffers are about to be transferred away (posted to the page). */
export function copyColumns(c: HistoryColumns): HistoryColumns {
  return { names: [...c.names], loss: c.loss.slice(), step: c.step.slice(), value: c.value.slice(), weight: c.weight.slice(), raw: c.raw.slice(), time: c.time.slice() };
}
