import { describe, expect, it } from 'vitest';
import { chartLossTags, tagCharts, UNSPECIFIED_TAG } from '../../../src/ui/charts/tagCharts';

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

describe('chartLossTags', () => {
  it("charts the history's losses the spec lacks, under the network their name starts with", () => {
    // Bug: a loaded pix2pix loss_log.json drew nothing for G_L1 while the toy spec was selected.
    const spec = [
      { name: 'G_GAN', tags: ['G'] },
      { name: 'D_real', tags: ['D', 'real'] },
    ];
    expect(chartLossTags(spec, ['G_GAN', 'G_L1', 'D/fake', 'perceptual'])).toEqual({
      G_GAN: ['G'],
      D_real: ['D', 'real'],
      G_L1: ['G'],
      'D/fake': ['D'],
      perceptual: [UNSPECIFIED_TAG],
    });
    expect(tagCharts(chartLossTags(spec, ['G_L1'])).map((c) => [c.tag, c.names])).toEqual([
      ['G', ['G_GAN', 'G_L1']],
      ['D', ['D_real']],
      ['real', ['D_real']],
    ]);
  });
});
