// More than 65,535 losses: the history columns' loss index is 32-bit, so each value keeps its
// loss; batches stored with the old 16-bit column still read and merge.
import { afterEach, describe, expect, it } from 'vitest';
import { appendBatch, mergeBatches, seriesToBatch } from '../../src/client/archive/columns';
import { emptyHistoryColumns } from '../../src/manager/historyColumns';
import { transferables } from '../../src/protocol/messages';
import { emptySeries, pushToSeries, type Series } from '../../src/state/series';
import { batch } from './historyFixtures';
import { expectPrototypesUntouched } from '../helpers/prototypes';

const N = 70_000;

/** Loss `l<i>` holds one value, i, at step i: a misattributed value shows at once. */
function manyLosses(): Map<string, Series> {
  const series = new Map<string, Series>();
  for (let i = 0; i < N; i++) {
    const s = emptySeries(`l${i}`, 1);
    series.set(s.name, s);
    pushToSeries(s, i, i, 1, i, 0);
  }
  return series;
}


afterEach(expectPrototypesUntouched);

describe('the loss index column', () => {
  it('is 32-bit in new columns', () => {
    expect(emptyHistoryColumns(['a'], 2).loss).toBeInstanceOf(Uint32Array);
  });

  it(`keeps each of ${N} losses' values with its loss through a batch`, () => {
    const stored = seriesToBatch(manyLosses());
    expect(stored.loss[N - 1]).toBe(N - 1);
    const rebuilt = new Map<string, Series>();
    appendBatch(rebuilt, stored);
    expect(rebuilt.size).toBe(N);
    const wrong = [...rebuilt.values()].filter((s) => s.length !== 1 || s.value[0] !== Number(s.name.slice(1)));
    expect(wrong.map((s) => s.name)).toEqual([]);
  });

  it('merges an old 16-bit batch with 32-bit ones past 65,535 names', () => {
    const old = batch(['a', 'b'], [[1, 0, 0.5, 1, 0.5, 0], [0, 1, 0.25, 1, 0.25, 1]]);
    expect(old.loss).toBeInstanceOf(Uint16Array);
    const wide = seriesToBatch(manyLosses());
    const merged = mergeBatches([old, wide]);
    expect(merged.loss).toBeInstanceOf(Uint32Array);
    expect(merged.names.slice(0, 2)).toEqual(['a', 'b']);
    // The old batch's rows, then l69999's: after a and b, l<i> is name index i + 2.
    expect([merged.loss[0], merged.loss[1], merged.loss.at(-1)]).toEqual([1, 0, N + 1]);
    expect(merged.names[merged.loss.at(-1)!]).toBe(`l${N - 1}`);
    const series = new Map<string, Series>();
    appendBatch(series, merged);
    const b = series.get('b')!;
    expect(Array.from(b.value.subarray(0, b.length))).toEqual([0.5]);
    expect(series.get(`l${N - 1}`)!.step[0]).toBe(N - 1);
  });

  it('transfers the 32-bit column', () => {
    const columns = emptyHistoryColumns(['a'], 3);
    expect(transferables({ type: 'history', batch: columns })).toContain(columns.loss.buffer);
  });
});
