// The LossManager's batched read-back: everything recorded on the device since the last flush
// (each loss's mean, and derived series such as gradient norms) comes back in one `data()`.
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { emptyHistoryColumns, type HistoryColumns } from './historyColumns';
import type { LMHistory } from './lmHistory';
import type { LMLoss } from './lmLoss';
import { MAX_LOSS_WEIGHT } from './weightLimit';

/** A recorded value still on the device, until `flush()` reads the batch back. */
export type Pending =
  /** `factor`: an adaptive weight's factor (a scalar), read back with the value; the weight recorded is `weight` times it. */
  | { readonly kind: 'loss'; readonly loss: LMLoss; readonly step: number; readonly weight: number; readonly time: number; readonly raw: Tensor; readonly factor?: Tensor }
  /** Several derived series at once (a 1-D tensor, one value per name): gradient norms, shares, cosines. */
  | { readonly kind: 'series'; readonly names: readonly string[]; readonly step: number; readonly time: number; readonly values: Tensor };

export interface NonFiniteLoss {
  readonly name: string;
  readonly step: number;
  /** The raw value, or with `weighted` the raw value times its weight in float32. */
  readonly value: number;
  /** The raw value was finite; its weight made it overflow. */
  readonly weighted?: true;
}

/** 'loss "x" became NaN', or for a finite loss whose weight made it overflow, says that. */
export function describeNonFinite(bad: NonFiniteLoss): string {
  return bad.weighted
    ? `loss "${bad.name}" times its weight became ${bad.value} (float32 overflows past ${MAX_LOSS_WEIGHT.toPrecision(3)})`
    : `loss "${bad.name}" became ${bad.value}`;
}

/**
 * The values recorded since the last flush, still on the device, each stamped with the
 * milliseconds since the queue was made (the run's start).
 */
export class PendingValues {
  private values: Pending[] = [];
  private readonly now: () => number;
  private readonly startTime: number;

  constructor(now: () => number) {
    this.now = now;
    this.startTime = now();
  }

  /** A loss's mean. The factor is the caller's: the queue keeps its own copy until it is read back. */
  addLoss(loss: LMLoss, step: number, weight: number, raw: Tensor, factor: Tensor | undefined): void {
    const kept = factor ? { factor: tf.keep(tf.clone(factor)) } : {};
    this.values.push({ kind: 'loss', loss, step, weight, time: this.now() - this.startTime, raw, ...kept });
  }

  /** Derived series, one value each in the 1-D `values`, which the queue keeps. */
  addSeries(names: readonly string[], values: Tensor, step: number): void {
    this.values.push({ kind: 'series', names: [...names], step, time: this.now() - this.startTime, values: tf.keep(values) });
  }

  /** Everything queued, for one read-back; the queue starts empty again. */
  take(): Pending[] {
    const batch = this.values;
    this.values = [];
    return batch;
  }

  /** Frees everything queued, unread. */
  dispose(): void {
    this.take().forEach(disposePendingValue);
  }
}

/** One value read back: a loss's (with its weight) or a derived series' (weight NaN). */
export interface ReadValue {
  readonly name: string;
  readonly loss: LMLoss | null;
  readonly step: number;
  readonly time: number;
  /** The unweighted mean, or the series' value. */
  readonly raw: number;
  readonly weight: number;
}

/** The tensors a pending value reads back, in order. */
function pendingTensors(p: Pending): Tensor[] {
  if (p.kind === 'series') return [p.values];
  return p.factor ? [p.raw, p.factor] : [p.raw];
}

/** Frees a pending value's tensors (read back, or dropped). */
export function disposePendingValue(p: Pending): void {
  tf.dispose(pendingTensors(p));
}

/**
 * A backend's own kernel (engine/webgl/kernels.ts registers it on webgl): `buffer` [c] with the
 * 1-D `values` written over it from attr `offset` on. There a concat's shader is compiled anew
 * for every new list of input shapes, and a batch's list changes with the steps between
 * flushes: on SwiftShader a flush compiled one or two programs (bench/browser/webglProbe.ts).
 */
export const WRITE_AT_KERNEL = 'GlpWriteAt';

/** The batch's values in one 1-D tensor, in order (on WRITE_AT_KERNEL's backends padded to a power of two). Call inside a tidy. */
function flatten(tensors: readonly Tensor[]): Tensor {
  const flat = tensors.filter((t) => t.size > 0).map((t) => tf.reshape(t, [-1]));
  // Each write reads the whole buffer: past a few hundred tensors (a long gap between flushes)
  // one concat costs less than the writes, whatever it compiles.
  if (tf.getKernel(WRITE_AT_KERNEL, tf.getBackend()) === undefined || flat.length === 0 || flat.length > 256 || flat.some((t) => t.dtype !== 'float32')) {
    return tf.concat(tensors.map((t) => tf.reshape(t, [-1])));
  }
  const length = flat.reduce((n, t) => n + t.size, 0);
  // Few sizes, so few programs: each write's depends on the capacity and its own length only.
  let buffer: Tensor = tf.zeros([Math.max(64, 2 ** Math.ceil(Math.log2(length)))]);
  let offset = 0;
  for (const values of flat) {
    buffer = tf.engine().runKernel(WRITE_AT_KERNEL, { buffer, values }, { offset } as unknown as tf.NamedAttrMap) as Tensor;
    offset += values.size;
  }
  return buffer;
}

/** Reads the batch back in one transfer (frees its tensors), in recorded order. */
export async function readBack(batch: readonly Pending[]): Promise<ReadValue[]> {
  if (batch.length === 0) return [];
  const flat = tf.tidy(() => flatten(batch.flatMap(pendingTensors)));
  batch.forEach(disposePendingValue);
  let values: Float32Array;
  try {
    values = (await flat.data()) as Float32Array;
  } finally {
    flat.dispose();
  }
  const out: ReadValue[] = [];
  let at = 0;
  for (const p of batch) {
    if (p.kind === 'loss') {
      const raw = values[at++] as number;
      // float32, as the device multiplied them.
      const weight = p.factor ? Math.fround(p.weight * (values[at++] as number)) : p.weight;
      out.push({ name: p.loss.name, loss: p.loss, step: p.step, time: p.time, raw, weight });
    }
    else for (const name of p.names) out.push({ name, loss: null, step: p.step, time: p.time, raw: values[at++] as number, weight: NaN });
  }
  return out;
}

/** The losses' values that were NaN or infinite, or finite but overflowed float32 times their weight. */
export function nonFiniteLosses(values: readonly ReadValue[]): NonFiniteLoss[] {
  const out: NonFiniteLoss[] = [];
  for (const v of values) {
    if (!v.loss) continue;
    // What was backpropagated is the weighted loss, in float32 on the device: a finite raw
    // value times a large weight can be Infinity there, and the next steps NaN everywhere.
    const weighted = Math.fround(v.raw * v.weight);
    if (!Number.isFinite(v.raw)) out.push({ name: v.name, step: v.step, value: v.raw });
    else if (!Number.isFinite(weighted)) out.push({ name: v.name, step: v.step, value: weighted, weighted: true });
  }
  return out;
}

/** A value as its history keeps it: a loss's `loss` is its raw mean times its weight. */
export function historyEntry(v: ReadValue): Parameters<LMHistory['push']>[0] {
  return { step: v.step, loss: v.loss ? v.raw * v.weight : v.raw, weight: v.weight, raw: v.raw, time: v.time };
}

/** The values as columns, each naming its loss or series by its index in `names`. */
export function valueColumns(names: readonly string[], values: readonly ReadValue[]): HistoryColumns {
  const columns = emptyHistoryColumns(names, values.length);
  const index = new Map(names.map((name, i) => [name, i]));
  for (const [i, v] of values.entries()) {
    const entry = historyEntry(v);
    columns.loss[i] = index.get(v.name) ?? 0;
    columns.step[i] = entry.step;
    columns.value[i] = entry.loss;
    columns.weight[i] = entry.weight;
    columns.raw[i] = entry.raw;
    columns.time[i] = entry.time;
  }
  return columns;
}
