import { z } from '../../zodConfig'; // zod, configured jitless before any schema is built
import { showValue } from '../../losses/jsonText';
import type { LossManagerState, Network } from '../../manager';
import type { RunSettings } from '../../protocol/messages';
import { MODEL_FAMILIES } from '../models/config';
import { ownRecordSchema } from '../../losses/ownRecord';
import { checkpointHistorySchema, type CheckpointHistory } from './history';

/** Bumped whenever a field changes meaning, so an old build refuses a new file instead of misreading it. */
export const CHECKPOINT_FORMAT = 'gan-loss-playground/checkpoint/1' as const;

/** What the weight data holds; both are 4 bytes, so every tensor starts 4-byte aligned. */
export const CHECKPOINT_DTYPES = ['float32', 'int32'] as const;
export type CheckpointDtype = (typeof CHECKPOINT_DTYPES)[number];

/** One tensor of the weight data, as in tfjs's weight manifest: tensors lie back to back in this order. */
export interface WeightEntry {
  /** 'generator/0:Dense/kernel', 'optimizer/G/iter', 'loss/G_pl/meanPathLength', ... */
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: CheckpointDtype;
}

/**
 * The JSON half of a checkpoint. Loss histories live in the loss log; only the values since
 * the previous checkpoint are here, to re-send on restore (see history.ts).
 */
export interface CheckpointHeader {
  readonly format: typeof CHECKPOINT_FORMAT;
  /** The run's settings as started; restoring rebuilds the models and data from them. */
  readonly settings: RunSettings;
  readonly iteration: number;
  /** Real batches drawn: the data sources are seeded streams, replayed this far on restore. */
  readonly dataDraws: number;
  /** Each optimizer's tfjs class and its learning rate now (a slider may have changed it). */
  readonly optimizers: Readonly<Record<Network, { readonly className: string; readonly learningRate: number }>>;
  readonly manager: LossManagerState;
  readonly weights: readonly WeightEntry[];
  readonly weightsByteLength: number;
  /** FNV-1a of the weight data, hex: catches a corrupt file and a .json and .bin from different saves. */
  readonly weightsChecksum: string;
  /** The values recorded since the previous checkpoint (absent: none kept). */
  readonly history?: CheckpointHistory;
}

export interface Checkpoint {
  readonly header: CheckpointHeader;
  readonly weightData: ArrayBuffer;
}

export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';
}

const count = z.number().int().min(0);
const optimizerState = z.strictObject({ className: z.string().min(1), learningRate: z.number().positive() });
const headerSchema = z.strictObject({
  format: z.literal(CHECKPOINT_FORMAT),
  // Only what finding the models needs; building the run from them checks the rest.
  settings: z.looseObject({ family: z.enum(MODEL_FAMILIES), spec: z.looseObject({ losses: z.array(z.unknown()) }) }),
  iteration: count,
  dataDraws: count,
  optimizers: z.strictObject({ G: optimizerState, D: optimizerState }),
  // The manager checks weights and schedules itself when the state is restored.
  manager: z.strictObject({
    step: count,
    epoch: count,
    losses: ownRecordSchema(z.strictObject({ lossWeight: z.number(), schedule: z.unknown() })),
    weightChanges: z.array(z.strictObject({ name: z.string(), step: z.number(), weight: z.number().nullable(), schedule: z.unknown() })),
  }),
  weights: z.array(z.strictObject({ name: z.string().min(1), shape: z.array(count), dtype: z.enum(CHECKPOINT_DTYPES) })),
  weightsByteLength: count,
  weightsChecksum: z.string().regex(/^[0-9a-f]{8}$/),
  history: checkpointHistorySchema.optional(),
});

/** FNV-1a, 32 bits: not cryptographic, enough to notice a torn or mixed-up pair of files. */
export function checksum(data: ArrayBuffer): string {
  const bytes = new Uint8Array(data);
  let hash = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}

export function entryByteLength(entry: Pick<WeightEntry, 'shape'>): number {
  return entry.shape.reduce((n, d) => n * d, 1) * 4;
}

function checkHeader(value: unknown, source: string): CheckpointHeader {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new CheckpointError(`${source}: the header must be a JSON object`);
  const format = (value as { format?: unknown }).format;
  if (format === undefined) throw new CheckpointError(`${source}: no "format" field: not a gan-loss-playground checkpoint`);
  if (format !== CHECKPOINT_FORMAT) {
    throw new CheckpointError(`${source}: format ${showValue(format)} is not supported; this build reads "${CHECKPOINT_FORMAT}"`);
  }
  const parsed = headerSchema.safeParse(value);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    const path = issue?.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('') ?? '';
    throw new CheckpointError(`${source}: header${path}: ${issue?.message ?? 'invalid'}`);
  }
  const names = new Set<string>();
  for (const { name } of parsed.data.weights) {
    if (names.has(name)) throw new CheckpointError(`${source}: weight "${name}" is listed twice`);
    names.add(name);
  }
  return parsed.data as unknown as CheckpointHeader;
}

function checkWeightData(header: CheckpointHeader, weightData: ArrayBuffer, source: string): void {
  const listed = header.weights.reduce((n, e) => n + entryByteLength(e), 0);
  if (listed !== header.weightsByteLength) {
    throw new CheckpointError(`${source}: the weights listed take ${listed} bytes, but weightsByteLength says ${header.weightsByteLength}`);
  }
  if (weightData.byteLength !== listed) {
    throw new CheckpointError(`${source}: the weight data is ${weightData.byteLength} bytes, the header lists ${listed}`);
  }
  const sum = checksum(weightData);
  if (sum !== header.weightsChecksum) {
    throw new CheckpointError(`${source}: the weight data's checksum is ${sum}, the header's ${header.weightsChecksum}: corrupt, or not saved with this header`);
  }
}

/** The checkpoint as its two stored parts, checked first: one JSON header and one buffer of weights. */
export function serializeCheckpoint(checkpoint: Checkpoint): { json: string; weightData: ArrayBuffer } {
  const header = checkHeader(checkpoint.header, 'checkpoint');
  checkWeightData(header, checkpoint.weightData, 'checkpoint');
  return { json: JSON.stringify(header), weightData: checkpoint.weightData };
}

/**
 * A checkpoint from its stored parts, checked: the format, every field, and that the weight
 * data is the one the header describes. `source` names it in errors, e.g. the file's path.
 */
export function parseCheckpoint(json: string, weightData: ArrayBuffer, source = 'checkpoint'): Checkpoint {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new CheckpointError(`${source}: the header is not JSON (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  const header = checkHeader(value, source);
  checkWeightData(header, weightData, source);
  return { header, weightData };
}

/** True when every float32 tensor of the checkpoint (weights, optimizer moments) is finite. */
export function finiteWeights(checkpoint: Checkpoint): boolean {
  let offset = 0;
  for (const entry of checkpoint.header.weights) {
    const bytes = entryByteLength(entry);
    if (entry.dtype === 'float32') {
      const values = new Float32Array(checkpoint.weightData, offset, bytes / 4);
      for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) return false;
    }
    offset += bytes;
  }
  return true;
}
