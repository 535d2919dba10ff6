// A seed group's line and band: at each step any member logged, the mean, the least and the
// greatest of the members' values there (W&B's grouping: mean line, min-max band).
import { emptySeries, pushToSeries, type Series } from '../../state/series';
import { smoothedValues, type YField } from './seriesCache';

export interface GroupSeries {
  /** The members' mean at each step (in `value` and `raw` both, so either field draws it). */
  readonly mean: Series;
  /** The least member value at each step. */
  readonly lo: Series;
  /** The greatest member value at each step. */
  readonly hi: Series;
}

/**
 * Merges the members' steps (each ascending, as a run's are) in one pass, O(total points x
 * members): at each step, the mean, min and max of `values[j][i]` over the members j that
 * logged it at their index i, their non-finite values left out (a step where none is finite is
 * NaN, which the chart leaves out with a note). Time is the members' mean time there. A member
 * that stopped early just stops counting.
 */
export function aggregateMembers(members: readonly Series[], values: readonly ArrayLike<number>[]): GroupSeries {
  const k = members.length;
  const name = members[0]?.name ?? '';
  const capacity = Math.max(256, ...members.map((m) => m.length));
  const out = { mean: emptySeries(name, capacity), lo: emptySeries(name, capacity), hi: emptySeries(name, capacity) };
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
      const i = pos[j]!;
      if (i >= m.length || m.step[i] !== step) continue;
      pos[j] = i + 1;
      time += m.time[i] as number;
      at++;
      const v = values[j]![i] as number;
      if (!Number.isFinite(v)) continue;
      sum += v;
      n++;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const mean = n > 0 ? sum / n : NaN;
    const t = time / at;
    pushToSeries(out.mean, step, mean, 1, mean, t);
    pushToSeries(out.lo, step, n > 0 ? lo : NaN, 1, n > 0 ? lo : NaN, t);
    pushToSeries(out.hi, step, n > 0 ? hi : NaN, 1, n > 0 ? hi : NaN, t);
  }
  return out;
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
