import { describe, expect, it } from 'vitest';
import { chartLossTags, tagCharts, UNSPECIFIED_TAG } from '../../../src/ui/charts/tagCharts';
import { HOSTILE_NAMES } from '../../helpers/hostileNames';

describe('tagCharts', () => {
  it('puts G first, D second, other tags alphabetically; a loss with two tags in both', () => {
    const charts = tagCharts(
      new Map([
        ['D/real', ['D']],
        ['G/gan', ['G']],
        ['G/l1', ['G', 'pixel']],
        ['G/edge', ['G', 'aux', 'G']],
      ]),
    );
    expect(charts).toEqual([
      { tag: 'G', names: ['G/gan', 'G/l1', 'G/edge'] },
      { tag: 'D', names: ['D/real'] },
      { tag: 'aux', names: ['G/edge'] },
      { tag: 'pixel', names: ['G/l1'] },
    ]);
    expect(tagCharts(new Map([['untagged', []]]))).toEqual([]);
  });
});

describe('chartLossTags', () => {
  it("charts the history's losses the spec lacks, under the network their name starts with", () => {
    // Bug: a loaded pix2pix loss_log.json drew nothing for G_L1 while the toy spec was selected.
    const spec = [
      { name: 'G_GAN', tags: ['G'] },
      { name: 'D_real', tags: ['D', 'real'] },
    ];
    expect(Object.fromEntries(chartLossTags(spec, ['G_GAN', 'G_L1', 'D/fake', 'perceptual']))).toEqual({
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

describe('loss names every object already has', () => {
  it('charts each under its own tags', () => {
    // Bug: `toString in tags` was true for every loss, and tags.__proto__ = [...] replaced the record's prototype.
    const names = [...HOSTILE_NAMES];
    const spec = [{ name: 'valueOf', tags: ['G'] }];
    const tags = chartLossTags(spec, ['toString', 'G_constructor', '__proto__', 'hasOwnProperty', 'valueOf']);
    expect([...tags]).toEqual([
      ['valueOf', ['G']],
      ['toString', [UNSPECIFIED_TAG]],
      ['G_constructor', ['G']],
      ['__proto__', [UNSPECIFIED_TAG]],
      ['hasOwnProperty', [UNSPECIFIED_TAG]],
    ]);
    expect(tagCharts(new Map(names.map((n) => [n, ['G']])))).toEqual([{ tag: 'G', names }]);
  });
});
