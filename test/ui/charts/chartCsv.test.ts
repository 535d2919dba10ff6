import { describe, expect, it } from 'vitest';
import { emptySeries, pushToSeries, type Series } from '../../../src/state/series';
import { buildChartModel } from '../../../src/ui/charts/chartModel';
import { chartCsv, csvSources } from '../../../src/ui/charts/chartCsv';
import type { Comparison } from '../../../src/ui/charts/comparison';
import { DEFAULT_CHART_OPTIONS } from '../../../src/ui/charts/options';
import { HOSTILE_NAMES } from '../../helpers/hostileNames';

/** An RFC 4180 reader written for the test: quoted fields, doubled quotes, line breaks inside quotes. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  return rows;
}

function series(name: string, points: readonly (readonly [step: number, value: number])[]): Series {
  const s = emptySeries(name);
  for (const [step, value] of points) pushToSeries(s, step, value, 1, value * 2, step * 10);
  return s;
}

describe('chartCsv', () => {
  it('writes each curve raw from the history and smoothed, one row per step', () => {
    // Smoothing 0.5 (TensorBoard's debiased EMA): last1 = 0.5 * 1 = 0.5, / (1 - 0.5) = 1;
    // last2 = 0.5 * 0.5 + 0.5 * 3 = 1.75, / (1 - 0.25) = 2.333...
    const g = series('G', [[0, 1], [1, 3]]);
    const text = chartCsv([{ label: 'G', series: g }], { field: 'value', smoothing: 0.5, axis: 'step' });
    expect(readCsv(text)).toEqual([
      ['step', 'G', 'G (smoothed)'],
      ['0', '1', '1'],
      ['1', '3', String(1.75 / 0.75)],
    ]);
  });

  it('writes float32 values in their shortest form, and the unweighted field when asked', () => {
    const g = series('G', [[5, Math.fround(0.7)]]);
    expect(readCsv(chartCsv([{ label: 'G', series: g }], { field: 'value', smoothing: 0, axis: 'step' }))[1]).toEqual(['5', '0.7', String(Math.fround(0.7))]);
    // raw = 2 * value in the fixture
    expect(readCsv(chartCsv([{ label: 'G', series: g }], { field: 'raw', smoothing: 0, axis: 'step' }))[1]![1]).toBe('1.4');
  });

  it('joins curves on their steps, leaving the cells of a curve without that step empty', () => {
    const a = series('a', [[0, 1], [1, 2], [2, 3]]);
    const b = series('b', [[1, 10], [3, 30]]);
    const rows = readCsv(chartCsv([{ label: 'a', series: a }, { label: 'b', series: b }], { field: 'value', smoothing: 0, axis: 'step' }));
    expect(rows.map((r) => [r[0], r[1], r[3]])).toEqual([
      ['step', 'a', 'b'],
      ['0', '1', ''],
      ['1', '2', '10'],
      ['2', '3', ''],
      ['3', '', '30'],
    ]);
  });

  it('keeps only the x range shown (zoomed or typed), on the time axis too', () => {
    const a = series('a', [[0, 1], [1, 2], [2, 3], [3, 4]]);
    expect(readCsv(chartCsv([{ label: 'a', series: a }], { field: 'value', smoothing: 0, axis: 'step', range: [1, 2] })).map((r) => r[0])).toEqual(['step', '1', '2']);
    // time = 10 * step in the fixture
    expect(readCsv(chartCsv([{ label: 'a', series: a }], { field: 'value', smoothing: 0, axis: 'time', range: [15, 40] })).map((r) => r[0])).toEqual(['step', '2', '3']);
  });

  it('quotes hostile series names per RFC 4180, so they read back as they were', () => {
    const names = ['a,b', 'say "hi"', 'two\nlines', 'cr\rhere', '"', ...HOSTILE_NAMES];
    const sources = names.map((n) => ({ label: n, series: series(n, [[0, 1]]) }));
    const text = chartCsv(sources, { field: 'value', smoothing: 0, axis: 'step' });
    expect(text.split('\n')[0]).toContain('"a,b","a,b (smoothed)","say ""hi""","say ""hi"" (smoothed)"');
    const [header, row] = readCsv(text);
    expect(header).toEqual(['step', ...names.flatMap((n) => [n, `${n} (smoothed)`])]);
    expect(row).toHaveLength(1 + 2 * names.length);
  });

  it('writes NaN and infinities as such', () => {
    const g = series('G', [[0, NaN], [1, Infinity]]);
    const rows = readCsv(chartCsv([{ label: 'G', series: g }], { field: 'value', smoothing: 0, axis: 'step' }));
    expect(rows.slice(1).map((r) => r[1])).toEqual(['NaN', 'Infinity']);
  });

  it("takes another run's values from that run, not from the open run's series of the same name; a seed group's mean is left out", () => {
    const mine = series('G_GAN', [[0, 1], [1, 1]]);
    const other = series('G_GAN', [[0, 2], [1, 2]]);
    const members = [3, 4].map((v) => ({ id: `m${v}`, label: `#${v}`, color: '#009e73', series: new Map([['G_GAN', series('G_GAN', [[0, v]])]]) }));
    const comparison: Comparison = {
      runs: [
        { id: 'a', label: '#1 open', color: '#0072b2', series: null },
        { id: 'b', label: '#2 other', color: '#d55e00', series: new Map([['G_GAN', other]]) },
      ],
      groups: [{ id: 'group:m3', label: 'seeds', color: '#009e73', members }],
    };
    const model = buildChartModel({ series: new Map([['G_GAN', mine]]), marks: [] }, ['G_GAN'], { ...DEFAULT_CHART_OPTIONS, smoothing: 0 }, 100, undefined, comparison);
    const sources = csvSources(model.lines, (name) => (name === 'G_GAN' ? mine : undefined));
    expect(sources.map((c) => [c.label, c.series])).toEqual([
      ['G_GAN · #1 open', mine],
      ['G_GAN · #2 other', other],
    ]);
    const rows = readCsv(chartCsv(sources, { field: 'value', smoothing: 0, axis: 'step' }));
    expect(rows.slice(1).map((r) => [r[0], r[1], r[3]])).toEqual([
      ['0', '1', '2'],
      ['1', '1', '2'],
    ]);
  });
});
