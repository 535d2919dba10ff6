import { z } from '../../zodConfig'; // zod, configured jitless before any schema is built
import { checkJsonShape } from '../../losses/jsonShape';
import { capMessage } from '../../losses/jsonText';
import { isRecord } from '../../losses/isRecord';
import { emptyRecord, ownRecordSchema, setOwn } from '../../losses/ownRecord';
import { isDerivedSeries } from '../seriesNames';
import type { AlarmRecord } from '../alarms/types';
import { logAlarmsSchema } from './alarmsField';
import { appendSeries, logSeriesSchema, SERIES_FIELD, valuesSchema } from './derivedSeries';
import { describeIssue, formatPath } from './issueText';
import { nonFiniteToNull } from './nonFinite';

/**
 * NectarGAN's `loss_log.json`, kept readable by NectarGAN and extended additively: per loss we
 * add `steps`, `raw` and `time` lists, and top-level keys such as `format`. Imports no tfjs, so
 * the page can read a log too.
 */

/** Written into every log we create, so a reader can tell ours from NectarGAN's. */
export const LOSS_LOG_FORMAT = 'gan-loss-playground/1';

/** The top-level fields of `LOSSMANAGER_LOG`: NectarGAN's four, then ours. */
export interface LossLogMeta {
  /** Where training ran, e.g. NectarGAN's `cuda`; ours is the tfjs backend's device. @default '' */
  device: string;
  /** @default '' */
  dataroot: string;
  /** Number of training images. @default 0 */
  dataset_length: number;
  /** @default '' */
  experiment: string;
  /** Absent in NectarGAN's files. */
  format?: string;
  /** The tfjs backend, e.g. 'webgpu'. */
  backend?: string;
  /** The JSON spec the run was built from. */
  spec?: unknown;
  /** The alarms the run raised, in order (src/manager/alarms); absent in NectarGAN's files. */
  alarms?: AlarmRecord[];
}

/** One loss's values. All lists are aligned: index i of each describes the same call. */
export interface LossLogSeries {
  /**
   * Weighted loss, the mean per call (NectarGAN's `history.losses`). In all value lists
   * (loss, weights, raw, time) a non-finite value is written as null and read back as NaN.
   */
  loss: number[];
  /** Weight applied at each call. */
  weights: number[];
  /** Training step of each value; 0..n-1 when read from a NectarGAN file, which has none. */
  steps: number[];
  /** Unweighted loss, the mean per call; NaN where not recorded. */
  raw?: number[];
  /** Milliseconds since the run started; NaN where not recorded. */
  time?: number[];
  /** Keys we do not know are kept as read. */
  [key: string]: unknown;
}

/** A whole `loss_log.json`. Unknown keys at any level are kept as read. */
export interface LossLog {
  LOSSMANAGER_LOG: LossLogMeta & {
    /**
     * By loss name, a null-prototype record: a loss may be named `__proto__` or `toString`.
     * Read and write it with own-property checks (Object.hasOwn, `setOwn`).
     */
    loss_functions: Record<string, LossLogSeries>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** One append's worth of a loss's values, e.g. an `LMHistory` snapshot. Lists must be aligned. */
export interface LossLogChunk {
  loss: ArrayLike<number>;
  weights: ArrayLike<number>;
  steps: ArrayLike<number>;
  raw?: ArrayLike<number>;
  time?: ArrayLike<number>;
}

/** Thrown for a malformed log or chunk; the message names the JSON path or the loss. */
export class LossLogError extends Error {
  override readonly name = 'LossLogError';
}

/** A log with no losses yet: what NectarGAN's `export_base_log` writes, plus `format`. */
export function emptyLossLog(meta: Partial<LossLogMeta> = {}): LossLog {
  const log: LossLog = {
    LOSSMANAGER_LOG: {
      device: '',
      dataroot: '',
      dataset_length: 0,
      experiment: '',
      format: LOSS_LOG_FORMAT,
      loss_functions: emptyRecord(),
    },
  };
  setLossLogMeta(log, meta);
  return log;
}

/** Overwrites the given meta fields; `undefined` leaves a field as it is. */
export function setLossLogMeta(log: LossLog, meta: Partial<LossLogMeta> = {}): void {
  for (const [key, value] of Object.entries(meta)) {
    if (value !== undefined && key !== 'loss_functions') setOwn(log.LOSSMANAGER_LOG as Record<string, unknown>, key, value);
  }
}

const OPTIONAL_LISTS = ['raw', 'time'] as const;
/** Every list that must have as many values as `loss`. */
const ALIGNED_LISTS = ['weights', 'steps', ...OPTIONAL_LISTS] as const;

/** Throws a LossLogError naming the loss and list when a chunk's lists differ in length. */
export function checkLossLogChunks(chunks: Record<string, LossLogChunk>): void {
  for (const [name, chunk] of Object.entries(chunks)) {
    const n = chunk.loss.length;
    for (const key of ALIGNED_LISTS) {
      const list = chunk[key];
      if (list !== undefined && list.length !== n) {
        throw new LossLogError(`chunk for loss "${name}": ${key} has ${list.length} values but loss has ${n}`);
      }
    }
  }
}

function pushAll(target: number[], values: ArrayLike<number>): void {
  // A loop, not push(...values): spreading 50k values can overflow the call stack.
  for (let i = 0; i < values.length; i++) target.push(values[i] as number);
}

/**
 * Appends each chunk to its loss's lists, as NectarGAN's `_dump_to_log` extends them, creating
 * missing entries. Every chunk is checked before anything changes. `raw`/`time` present on only
 * one side (the log or the chunk) are padded with NaN, so the lists stay aligned.
 */
export function appendToLossLog(log: LossLog, chunks: Record<string, LossLogChunk>): void {
  checkLossLogChunks(chunks);
  const series = log.LOSSMANAGER_LOG.loss_functions;
  for (const [name, chunk] of Object.entries(chunks)) {
    // Gradient norms, metrics: kept where NectarGAN's reader does not look for losses.
    if (isDerivedSeries(name)) {
      appendSeries(log.LOSSMANAGER_LOG, name, chunk);
      continue;
    }
    // Own properties only: a loss named `toString` or `__proto__` is a loss like any other.
    let entry = Object.hasOwn(series, name) ? series[name] : undefined;
    if (entry === undefined) {
      entry = { loss: [], weights: [], steps: [] };
      setOwn(series, name, entry);
    }
    for (const key of OPTIONAL_LISTS) {
      const values = chunk[key];
      if (values === undefined && entry[key] === undefined) continue;
      const list = (entry[key] ??= new Array<number>(entry.loss.length).fill(NaN));
      pushAll(list, values ?? new Array<number>(chunk.loss.length).fill(NaN));
    }
    pushAll(entry.loss, chunk.loss);
    pushAll(entry.weights, chunk.weights);
    pushAll(entry.steps, chunk.steps);
  }
}

/** Compact JSON, as NectarGAN's dumps are. Non-finite values become null (JSON has no NaN). */
export function serializeLossLog(log: LossLog): string {
  return JSON.stringify(log);
}

/**
 * A deep copy of a log that a caller may change (structuredClone), its `loss_functions`
 * again without a prototype (a clone has Object.prototype's).
 */
export function cloneLossLog(log: LossLog): LossLog {
  const copy = structuredClone(log);
  Object.setPrototypeOf(copy.LOSSMANAGER_LOG.loss_functions, null);
  const series = copy.LOSSMANAGER_LOG[SERIES_FIELD];
  if (series !== null && typeof series === 'object') Object.setPrototypeOf(series, null);
  return copy;
}

// JSON.stringify turns NaN into null, so value lists accept null and read it back as NaN
// (valuesSchema). z.number() rejects NaN and Infinity, which an in-memory log may hold.

const seriesSchema = z
  .looseObject({
    loss: valuesSchema,
    weights: valuesSchema,
    steps: z.array(z.int().min(0)).optional(),
    raw: valuesSchema.optional(),
    time: valuesSchema.optional(),
  })
  .superRefine((entry, ctx) => {
    for (const key of ALIGNED_LISTS) {
      const list = entry[key];
      if (list !== undefined && list.length !== entry.loss.length) {
        const message = `has ${list.length} values but loss has ${entry.loss.length}`;
        ctx.addIssue({ code: 'custom', path: [key], message });
      }
    }
  })
  .transform((entry) => ({ ...entry, steps: entry.steps ?? entry.loss.map((_, i) => i) }));

// NectarGAN always writes the four meta fields, but a log is still useful without them.
const lossLogSchema = z.looseObject({
  LOSSMANAGER_LOG: z.looseObject({
    device: z.string().default(''),
    dataroot: z.string().default(''),
    dataset_length: z.number().default(0),
    experiment: z.string().default(''),
    format: z.string().optional(),
    backend: z.string().optional(),
    spec: z.unknown().optional(),
    loss_functions: ownRecordSchema(seriesSchema),
    series: logSeriesSchema.optional(),
    alarms: logAlarmsSchema.optional(),
  }),
});

const MAX_PROBLEMS = 5;

/**
 * Validates parsed JSON as a loss log, ours or NectarGAN's, and fills what NectarGAN's lack
 * (`steps` become 0..n-1 per loss). Unknown keys are kept. Throws a LossLogError naming each
 * problem's path, e.g. `LOSSMANAGER_LOG.loss_functions.G_GAN.weights[3]: expected a number`.
 * @param source names the log in the error, e.g. a file path. @default 'loss log'
 */
export function parseLossLog(json: unknown, source = 'loss log'): LossLog {
  const shape = checkJsonShape(json);
  if (shape !== null) throw new LossLogError(capMessage(`${source} is not a valid loss log: ${formatPath(shape.keys) || '(root)'}: ${shape.message}`));
  const result = lossLogSchema.safeParse(json);
  if (result.success) return keepProtoKeys(json, result.data) satisfies LossLog;
  const { issues } = result.error;
  const problems = issues.slice(0, MAX_PROBLEMS).map((issue) => describeIssue(issue, json));
  if (issues.length > MAX_PROBLEMS) problems.push(`and ${issues.length - MAX_PROBLEMS} more`);
  throw new LossLogError(capMessage(`${source} is not a valid loss log: ${problems.join('; ')}`));
}

/**
 * zod's loose objects leave out an unknown `__proto__` key (assigning it would set the
 * prototype); "unknown keys are kept as read" keeps it too, here and in each series.
 */
function keepProtoKeys(json: unknown, log: LossLog): LossLog {
  const keep = (from: unknown, to: Record<string, unknown>) => {
    if (isRecord(from) && Object.hasOwn(from, '__proto__') && !Object.hasOwn(to, '__proto__')) setOwn(to, '__proto__', from['__proto__']);
  };
  const meta = isRecord(json) ? json.LOSSMANAGER_LOG : undefined;
  keep(json, log);
  keep(meta, log.LOSSMANAGER_LOG);
  const given = isRecord(meta) ? meta.loss_functions : undefined;
  const series = log.LOSSMANAGER_LOG.loss_functions;
  if (isRecord(given)) for (const name of Object.keys(series)) keep(given[name], series[name]!);
  return log;
}

/**
 * Parses a `loss_log.json`'s text. Accepts the bare `NaN`/`Infinity` that NectarGAN (Python)
 * writes for a diverged loss; they read back as NaN.
 * @param source names the log in the error, e.g. a file path. @default 'loss log'
 */
export function parseLossLogText(text: string, source = 'loss log'): LossLog {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    try {
      json = JSON.parse(nonFiniteToNull(text));
    } catch {
      throw new LossLogError(`${source} is not valid JSON: ${(error as Error).message}`);
    }
  }
  return parseLossLog(json, source);
}
