import { describe, expect, it } from 'vitest';
import type { SweepRow } from '../../src/state/sweepStore';
import { sortRows } from '../../src/ui/sweep/sortRows';

const row = (name: string, weight: number, final: number | null, seed = 1): SweepRow => ({
  name,
  values: new Map([['losses.G_L1.loss_weight', weight]]),
  seed,
  status: final === null ? 'failed' : 'done',
  step: 10,
  final: new Map(final === null ? [] : [['G_L1', final]]),
  message: null,
});

const rows = [row('a', 100, 0.5), row('b', 1, NaN), row('c', 10, 2), row('d', 2, null), row('e', 9, 0.05)];
const names = (r: SweepRow[]) => r.map((x) => x.name).join('');

describe('the sweep summary table order', () => {
  it('sorts numbers as numbers (10 after 9, 100 last), not as text', () => {
    expect(names(sortRows(rows, { column: { kind: 'axis', path: 'losses.G_L1.loss_weight' }, descending: false }))).toBe('bdeca');
  });

  it('puts NaN and missing finals last in both directions; ties keep the sweep order', () => {
    const column = { kind: 'final', series: 'G_L1' } as const;
    expect(names(sortRows(rows, { column, descending: false }))).toBe('eacbd');
    expect(names(sortRows(rows, { column, descending: true }))).toBe('caebd');
    expect(names(sortRows([row('x', 1, 1, 2), row('y', 1, 1, 1)], { column, descending: true }))).toBe('xy');
    expect(names(sortRows(rows, null))).toBe('abcde');
  });
});
