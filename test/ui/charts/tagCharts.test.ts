import { describe, expect, it } from 'vitest';
import { tagCharts } from '../../../src/ui/charts/tagCharts';

describe('tagCharts', () => {
  it('puts G first, D second, other tags alphabetically; a loss with two tags in both', () => {
    const charts = tagCharts({
      'D/real': ['D'],
      'G/gan': ['G'],
      'G/l1': ['G', 'pixel'],
      'G/edge': ['G', 'aux', 'G'],
    });
    expect(charts).toEqual([
      { tag: 'G', names: ['G/gan', 'G/l1', 'G/edge'] },
      { tag: 'D', names: ['D/real'] },
      { tag: 'aux', names: ['G/edge'] },
      { tag: 'pixel', names: ['G/l1'] },
    ]);
    expect(tagCharts({ untagged: [] })).toEqual([]);
  });
});
