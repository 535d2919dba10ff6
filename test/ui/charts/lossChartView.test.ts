import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { emptySeries, pushToSeries } from '../../../src/state/series';
import { buildChartModel } from '../../../src/ui/charts/chartModel';
import { LossChartView, plotColumns } from '../../../src/ui/charts/LossChartView';
import { DEFAULT_CHART_OPTIONS } from '../../../src/ui/charts/options';

// Server rendering in Node runs the view on a real model. recharts 3 lays its lines out in
// effects, which a server render never runs, so the curves themselves are for the browser tests.
describe('LossChartView (rendered to markup in Node)', () => {
  const options = { ...DEFAULT_CHART_OPTIONS, showWeight: true };

  it('renders a figure named by its title, with a caption, and the chart at the measured size', () => {
    const s = emptySeries('G/gan');
    for (let i = 0; i < 5000; i++) pushToSeries(s, i, 1 + Math.sin(i / 50), 0.5, 2, i * 10);
    const model = buildChartModel({ series: new Map(Object.entries({ 'G/gan': s })), marks: [] }, ['G/gan'], options, plotColumns(600, true));
    const html = renderToStaticMarkup(createElement(LossChartView, { model, title: 'G losses', options, width: 600 }));
    expect(html).toMatch(/^<figure[^>]*aria-label="G losses"/);
    expect(html).toContain('<figcaption');
    expect(html).toMatch(/class="recharts-wrapper"[^>]*width:600px;height:220px/);
    expect(html).not.toContain('No values yet.');
  });

  it('lists the smoothed curve and the weight curve in the legend, not the faint unsmoothed copy', () => {
    const s = emptySeries('G/gan');
    for (let i = 0; i < 50; i++) pushToSeries(s, i, 1, 0.5, 2, i);
    const model = buildChartModel({ series: new Map(Object.entries({ 'G/gan': s })), marks: [] }, ['G/gan'], { ...options, smoothing: 0.6 }, plotColumns(600, true));
    expect(model.lines.map((l) => l.role)).toEqual(['unsmoothed', 'main', 'weight']);
    const html = renderToStaticMarkup(createElement(LossChartView, { model, title: 'G losses', options, width: 600 }));
    const legend = /<ul class="[^"]*legend[^"]*">(.*?)<\/ul>/.exec(html)?.[1] ?? '';
    expect([...legend.matchAll(/<\/span>([^<]*)<\/li>/g)].map((m) => m[1])).toEqual(['G/gan', 'G/gan weight']);
    expect(legend).toContain('border-top-style:dashed');
  });

  it('says so when there is nothing to draw', () => {
    const model = buildChartModel({ series: new Map(Object.entries({})), marks: [] }, ['x'], options, 100);
    const html = renderToStaticMarkup(createElement(LossChartView, { model, title: 'D losses', options, width: 600 }));
    expect(html).toContain('No values yet.');
  });

  it('leaves room for the axes: columns = width - 56 (y axis) - 44 (weight axis) - 8 (right margin)', () => {
    expect(plotColumns(600, false)).toBe(600 - 56 - 8);
    expect(plotColumns(600, true)).toBe(600 - 56 - 44 - 8);
    expect(plotColumns(50, true)).toBe(0);
  });
});
