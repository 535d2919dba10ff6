import { describe, expect, it } from 'vitest';
import { createHistoryStore } from '../../src/state/historyStore';
import type { HistoryBatch } from '../../src/protocol/messages';
import { HOSTILE_NAMES } from '../helpers/hostileNames';
import { expectPrototypesUntouched } from '../helpers/prototypes';

function batch(rows: [loss: number, step: number, value: number, weight: number][], names = ['G_GAN', 'D_real']): HistoryBatch {
  return {
    names,
    loss: Uint16Array.from(rows.map((r) => r[0])),
    step: Float64Array.from(rows.map((r) => r[1])),
    value: Float32Array.from(rows.map((r) => r[2])),
    weight: Float32Array.from(rows.map((r) => r[3])),
    raw: Float32Array.from(rows.map((r) => r[2] / r[3])),
    time: Float64Array.from(rows.map((r) => r[1] * 10)),
  };
}

describe('the history store', () => {
  it('appends batches into per-loss typed arrays that grow past their first size', () => {
    const store = createHistoryStore();
    const rows: [number, number, number, number][] = [];
    for (let step = 0; step < 1000; step++) rows.push([0, step, step / 1000, 1], [1, step, 1 - step / 1000, 1]);
    store.getState().append(batch(rows.slice(0, 600)));
    store.getState().append(batch(rows.slice(600)));
    const g = store.getState().series.get('G_GAN')!;
    expect(g.length).toBe(1000);
    expect(g.step[999]).toBe(999);
    expect(g.value[500]).toBeCloseTo(0.5, 6);
    expect(store.getState().version).toBe(2);
  });

  it('keeps the weight changes the worker reports, in order', () => {
    const store = createHistoryStore();
    store.getState().mark({ name: 'G_GAN', step: 3, weight: 0.5 });
    store.getState().mark({ name: 'D_real', step: 7, weight: null });
    expect(store.getState().marks).toEqual([
      { name: 'G_GAN', step: 3, weight: 0.5 },
      { name: 'D_real', step: 7, weight: null },
    ]);
  });
});

describe('loss names every object already has', () => {
  it('keeps a series for each, with its own values', () => {
    // Bug: series lived in a plain object, so `toString` found Object.prototype's function and
    // every batch threw ("Cannot read properties of undefined (reading 'length')").
    const names = [...HOSTILE_NAMES, 'G_GAN'];
    const store = createHistoryStore();
    store.getState().append(batch(names.map((_, i) => [i, 5, i + 1, 1]), names));
    store.getState().append(batch(names.map((_, i) => [i, 6, 10 * (i + 1), 1]), names));
    const { series } = store.getState();
    expect([...series.keys()]).toEqual(names);
    names.forEach((name, i) => {
      const s = series.get(name)!;
      expect(s.name).toBe(name);
      expect(Array.from(s.value.subarray(0, s.length))).toEqual([i + 1, 10 * (i + 1)]);
    });
    expectPrototypesUntouched();
  });
});
