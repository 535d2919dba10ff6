// The LossManager's read-only views of its losses, NectarGAN's dict-returning queries: records
// keyed by loss name without a prototype (a loss may be called `__proto__` or `toString`).
import type { Tensor } from '@tensorflow/tfjs-core';
import { LMLoss } from './lmLoss';
import { formatPyFloat, roundTo } from './pyFormat';

type Losses = ReadonlyMap<string, LMLoss>;
type Query = readonly string[] | null | undefined;

/** The losses matching `query` (copies; with `strip`, without their histories). */
export function registeredLosses(losses: Losses, query: Query, strip: boolean): Record<string, LMLoss> {
  const out = byName<LMLoss>();
  for (const [name, loss] of losses) {
    if (!loss.matches(query)) continue;
    const copy = Object.assign(Object.create(LMLoss.prototype) as LMLoss, loss);
    if (strip) copy.history = new LMLoss({ name, fn: loss.fn }, 1).history;
    out[name] = copy;
  }
  return out;
}

/** Each matching loss's last recorded (weighted) mean, rounded; those with no value yet are left out. */
export function lossValues(losses: Losses, query: Query, precision: number): Record<string, number> {
  const out = byName<number>();
  for (const [name, loss] of losses) {
    const last = loss.history.last();
    if (loss.matches(query) && last !== undefined) out[name] = roundTo(last.loss, precision);
  }
  return out;
}

/** Each matching loss's last loss map. */
export function lossTensors(losses: Losses, query: Query): Record<string, Tensor | null> {
  const out = byName<Tensor | null>();
  for (const [name, loss] of losses) if (loss.matches(query)) out[name] = loss.lastLossMap;
  return out;
}

/** The weight each matching loss applies at this step and epoch, rounded. */
export function lossWeights(losses: Losses, step: number, epoch: number, query: Query, precision: number): Record<string, number> {
  const out = byName<number>();
  for (const [name, loss] of losses) if (loss.matches(query)) out[name] = roundTo(loss.weightAt(step, epoch), precision);
  return out;
}

/**
 * A record keyed by loss names, as NectarGAN's dicts are, without a prototype: a loss may be
 * called `__proto__` or `toString`, which a plain object would drop or confuse with its own.
 */
export function byName<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

export function pairs(record: Record<string, number>): string {
  return Object.entries(record)
    .map(([name, value]) => ` ${name}: ${formatPyFloat(value)}`)
    .join('');
}

export function emit(text: string, capture: boolean): string | undefined {
  if (capture) return text;
  console.log(text);
  return undefined;
}
