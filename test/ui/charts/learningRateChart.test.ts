import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { fromMMagicLog } from '../../../src/client/archive/mmagicLog';
import { seriesToBatch } from '../../../src/client/archive/columns';
import { createHistoryStore } from '../../../src/state/historyStore';
import { LearningRateChart } from '../../../src/ui/charts/LearningRateChart';
import { DEFAULT_CHART_OPTIONS } from '../../../src/ui/charts/options';

function render(text: string | null): string {
  const store = createHistoryStore();
  if (text !== null) store.getState().append(seriesToBatch(fromMMagicLog(text, 'scalars.json').run.series));
  // Server rendering reads zustand's initial state.
  store.getInitialState = store.getState;
  return renderToStaticMarkup(createElement(LearningRateChart, { store, options: DEFAULT_CHART_OPTIONS }));
}

describe('LearningRateChart', () => {
  it("draws an imported log's learning rates in one chart, and nothing for a history without any", () => {
    const html = render('{"generator.lr": 0.0002, "discriminator.lr": 0.0001, "loss_gen": 1, "iter": 10}\n{"generator.lr": 0.0001, "discriminator.lr": 0.0001, "loss_gen": 1, "iter": 20}');
    expect(html).toMatch(/<figure[^>]*aria-label="Learning rates"/);
    expect(render('{"loss_gen": 1, "iter": 10}')).toBe('');
    expect(render(null)).toBe('');
  });
});
