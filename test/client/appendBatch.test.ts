import { describe, expect, it } from 'vitest';
import { appendBatch } from '../../src/client/archive/columns';
import { emptyHistoryColumns } from '../../src/manager/historyColumns';
import { pushToSeries, type Series } from '../../src/state/series';

/** A batch of `rows` values: [loss index, step, value] each (weight 1, raw = value, time = 10 x step). */
function batch(names: string[], rows: [number, number, number][]) {
  const b = emptyHistoryColumns(names, rows.length);
  rows.forEach(([loss, step, value], i) => {
    b.loss[i] = loss;
    b.step[i] = step;
    b.value[i] = value;
    b.weight[i] = 1;
    b.raw[i] = value;
    b.time[i] = 10 * step;
  });
  return b;
}

const values = (s: Series | undefined) => (s ? { step: Array.from(s.step.subarray(0, s.length)), value: Array.from(s.value.subarray(0, s.length)) } : undefined);

describe('appendBatch', () => {
  it('appends each value to its loss in order, creating series at their first value (the charts\' order)', () => {
    const series = new Map<string, Series>();
    // The names list D first, but G's value comes first: G's series is made first.
    appendBatch(series, batch(['D_real', 'G_GAN'], [[1, 0, 5], [0, 0, 1], [1, 1, 6], [0, 1, 2]]));
    expect([...series.keys()]).toEqual(['G_GAN', 'D_real']);
    expect(values(series.get('G_GAN'))).toEqual({ step: [0, 1], value: [5, 6] });
    expect(values(series.get('D_real'))).toEqual({ step: [0, 1], value: [1, 2] });
    // A second batch with other indices for the same names appends after.
    appendBatch(series, batch(['G_GAN', '__proto__'], [[0, 2, 7], [1, 2, 3]]));
    expect(values(series.get('G_GAN'))).toEqual({ step: [0, 1, 2], value: [5, 6, 7] });
    expect(values(series.get('__proto__'))).toEqual({ step: [2], value: [3] });
  });

  it('sizes a series once for a large batch and keeps what was there', () => {
    const series = new Map<string, Series>();
    appendBatch(series, batch(['G'], [[0, 0, 1]]));
    const n = 300_000;
    appendBatch(series, batch(['G'], Array.from({ length: n }, (_, i): [number, number, number] => [0, i + 1, i % 7])));
    const g = series.get('G')!;
    expect(g.length).toBe(n + 1);
    expect(g.step.length).toBeGreaterThanOrEqual(n + 1);
    expect(g.step.length).toBeLessThan(2 * (n + 1)); // sized to fit, not doubled past it
    expect([g.step[0], g.step[n], g.value[n]]).toEqual([0, n, (n - 1) % 7]);
    // Appending one at a time past the capacity still works (the arrays grow again when full).
    const room = g.step.length - g.length + 1;
    for (let i = 0; i < room; i++) pushToSeries(g, n + 1 + i, 0, 1, 0, 0);
    expect(g.length).toBe(n + 1 + room);
    expect(g.step[g.length - 1]).toBe(n + room);
  });
});
