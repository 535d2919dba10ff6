// A seed group's line and band: at each step any member logged, the mean, the least and the
// greatest of the members' values there (W&B's grouping: mean line, min-max band).
import type { Series } from '../../state/series';
import { smoothedValues, type YField } from './seriesCache';

export interface GroupSeries {
  /** The members' mean at each step (in `value` and `raw` both, so either field draws it). */
  readonly mean: Series;
  /** The least member value at each step. */
  readonly lo: Series;
  /** The greatest member value at each step. */
  readonly hi: Series;
}

/** Growable output columns of a group (typed arrays, written in place: no object per point). */
class Columns {
  length = 0;
  step: Float64Array;
  time: Float64Array;
  mean: Float32Array;
  lo: Float32Array;
  hi: Float32Array;

  constructor(capacity: number) {
    this.step = new Float64Array(capacity);
    this.time = new Float64Array(capacity);
    this.mean = new Float32Array(capacity);
    this.lo = new Float32Array(capacity);
    this.hi = new Float32Array(capacity);
  }

  push(step: number, time: number, sum: number, n: number, lo: number, hi: number): void {
    if (this.length === this.step.length) this.grow();
    const i = this.length++;
    this.step[i] = step;
    this.time[i] = time;
    this.mean[i] = n > 0 ? sum / n : NaN;
    this.lo[i] = n > 0 ? lo : NaN;
    this.hi[i] = n > 0 ? hi : NaN;
  }

  private grow(): void {
    const size = Math.max(256, this.step.length * 2);
    const grown = <T extends Float32Array | Float64Array>(a: T): T => {
      const next = new (a.constructor as new (n: number) => T)(size);
      next.set(a);
      return next;
    };
    this.step = grown(this.step);
    this.time = grown(this.time);
    this.mean = grown(this.mean);
    this.lo = grown(this.lo);
    this.hi = grown(this.hi);
  }

  /** The three series, sharing the step and time columns (they are only read). */
  series(name: string): GroupSeries {
    const n = this.length;
    const weight = new Float32Array(n).fill(1);
    const make = (values: Float32Array): Series => ({ name, length: n, step: this.step, value: values, raw: values, weight, time: this.time });
    return { mean: make(this.mean), lo: make(this.lo), hi: make(this.hi) };
  }
}

/** True when every member logged the same steps as the longest one, as far as it goes (runs of one setup do). */
function sameSteps(members: readonly Series[], longest: Series): boolean {
  for (const m of members) {
    if (m === longest) continue;
    for (let i = 0; i < m.length; i++) if (m.step[i] !== longest.step[i]) return false;
  }
  return true;
}

/**
 * At each step any member logged: the mean, min and max of `values[j][i]` over the members j
 * that logged it at their index i, their non-finite values left out (a step where none is
 * finite is NaN, which the chart leaves out with a note). Time is the members' mean time there.
 * A member that stopped early just stops counting. Members of one setup log the same steps,
 * which is read column by column; otherwise their ascending steps are merged, O(points x members).
 */
export function aggregateMembers(members: readonly Series[], values: readonly ArrayLike<number>[]): GroupSeries {
  const name = members[0]?.name ?? '';
  let longest: Series | undefined;
  for (const m of members) if (!longest || m.length > longest.length) longest = m;
  if (!longest) return new Columns(1).series(name);
  return sameSteps(members, longest) ? aligned(members, values, longest) : merged(members, values, longest.length);
}

/** Members that logged the same steps: each member's columns in one tight pass, then the totals. */
function aligned(members: readonly Series[], values: readonly ArrayLike<number>[], longest: Series): GroupSeries {
  const n = longest.length;
  const sum = new Float64Array(n);
  const count = new Int32Array(n);
  const lo = new Float64Array(n).fill(Infinity);
  const hi = new Float64Array(n).fill(-Infinity);
  const time = new Float64Array(n);
  const at = new Int32Array(n);
  members.forEach((m, j) => {
    const v = values[j]!;
    for (let i = 0; i < m.length; i++) {
      time[i]! += m.time[i] as number;
      at[i]!++;
      const x = v[i] as number;
      if (x - x !== 0) continue; // NaN or ±Infinity
      sum[i]! += x;
      count[i]!++;
      if (x < lo[i]!) lo[i] = x;
      if (x > hi[i]!) hi[i] = x;
    }
  });
  const out = new Columns(n);
  for (let i = 0; i < n; i++) out.push(longest.step[i] as number, time[i]! / at[i]!, sum[i]!, count[i]!, lo[i]!, hi[i]!);
  return out.series(longest.name);
}

/** Members logged at different steps: their ascending steps merged, O(points x members). */
function merged(members: readonly Series[], values: readonly ArrayLike<number>[], capacity: number): GroupSeries {
  const k = members.length;
  const out = new Columns(capacity);
  const pos = new Int32Array(k);
  for (;;) {
    let step = Infinity;
    for (let j = 0; j < k; j++) {
      const m = members[j]!;
      if (pos[j]! < m.length && (m.step[pos[j]!] as number) < step) step = m.step[pos[j]!] as number;
    }
    if (step === Infinity) break;
    let sum = 0;
    let n = 0;
    let lo = Infinity;
    let hi = -Infinity;
    let time = 0;
    let at = 0;
    for (let j = 0; j < k; j++) {
      const m = members[j]!;
      const p = pos[j]!;
      if (p >= m.length || m.step[p] !== step) continue;
      pos[j] = p + 1;
      time += m.time[p] as number;
      at++;
      const v = values[j]![p] as number;
      if (v - v !== 0) continue; // NaN or ±Infinity
      sum += v;
      n++;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    out.push(step, time / at, sum, n, lo, hi);
  }
  return out.series(members[0]!.name);
}

interface Cached {
  readonly members: readonly Series[];
  readonly lengths: readonly number[];
  readonly result: GroupSeries;
}

/** By the first member, then field and smoothing: dropped with the member's series (a store reset, a run hidden). */
const cache = new WeakMap<Series, Map<string, Cached>>();

/**
 * The group's mean and band of `field`, each member smoothed first when `smoothing` > 0 (so the
 * line is the mean of the members' drawn curves and the band spans them). Kept until a member
 * grows or the members change: a group of stored runs is merged once, not at every redraw.
 */
export function groupSeries(members: readonly Series[], field: YField, smoothing: number): GroupSeries {
  const first = members[0];
  if (!first) return aggregateMembers([], []);
  let byKey = cache.get(first);
  if (!byKey) cache.set(first, (byKey = new Map()));
  const key = `${field}|${smoothing}`;
  const hit = byKey.get(key);
  if (hit && hit.members.length === members.length && hit.members.every((m, j) => m === members[j] && hit.lengths[j] === m.length)) return hit.result;
  const values = members.map((m) => (smoothing > 0 ? smoothedValues(m, field, smoothing) : m[field].subarray(0, m.length)));
  const result = aggregateMembers(members, values);
  byKey.set(key, { members: [...members], lengths: members.map((m) => m.length), result });
  return result;
}
