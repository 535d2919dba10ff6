// Series a run records besides its losses (gradient norms, shares and cosines, quality metrics;
// names in ../seriesNames.ts), kept in `loss_log.json` under LOSSMANAGER_LOG.series: a field
// NectarGAN's reader ignores, so its tools still read our logs, and ours read both.
import { z } from '../../zodConfig'; // zod, configured jitless before any schema is built
import { emptyRecord, ownRecordSchema, setOwn } from '../../losses/ownRecord';
import type { LossLogChunk } from './format';

/** One derived series: its values, the step of each, and milliseconds since the run started. */
export interface LogSeries {
  values: number[];
  steps: number[];
  time?: number[];
}

/** The log's field for derived series. */
export const SERIES_FIELD = 'series';

// JSON writes NaN as null; lists read null back as NaN (as the losses' lists do).
export const valuesSchema = z
  .array(z.custom<number | null>((v) => v === null || typeof v === 'number', { params: { expected: 'number' } }))
  .transform((list) => list.map((v) => v ?? NaN));

export const logSeriesSchema = ownRecordSchema(
  z
    .looseObject({ values: valuesSchema, steps: z.array(z.int().min(0)), time: valuesSchema.optional() })
    .superRefine((entry, ctx) => {
      for (const key of ['steps', 'time'] as const) {
        const list = entry[key];
        if (list !== undefined && list.length !== entry.values.length) ctx.addIssue({ code: 'custom', path: [key], message: `has ${list.length} values but values has ${entry.values.length}` });
      }
    }),
);

/** The log's derived series by name (a null-prototype record, made when missing). */
export function logSeries(meta: Record<string, unknown>): Record<string, LogSeries> {
  const existing = Object.hasOwn(meta, SERIES_FIELD) ? meta[SERIES_FIELD] : undefined;
  if (existing !== null && typeof existing === 'object') return existing as Record<string, LogSeries>;
  const created = emptyRecord<LogSeries>();
  setOwn(meta, SERIES_FIELD, created);
  return created;
}

function pushAll(target: number[], values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) target.push(values[i] as number);
}

/** Appends a chunk of a derived series (its `loss` list holds the values). */
export function appendSeries(meta: Record<string, unknown>, name: string, chunk: LossLogChunk): void {
  const all = logSeries(meta);
  let entry = Object.hasOwn(all, name) ? all[name] : undefined;
  if (entry === undefined) {
    entry = { values: [], steps: [], ...(chunk.time ? { time: [] } : {}) };
    setOwn(all, name, entry);
  }
  pushAll(entry.values, chunk.loss);
  pushAll(entry.steps, chunk.steps);
  if (entry.time) pushAll(entry.time, chunk.time ?? new Array<number>(chunk.loss.length).fill(NaN));
}
