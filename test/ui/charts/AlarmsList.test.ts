import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ALARM_TEXT } from '../../../src/manager/alarms/catalog';
import type { AlarmRecord } from '../../../src/manager/alarms/types';
import { createHistoryStore } from '../../../src/state/historyStore';
import { AlarmsList, MAX_LISTED_ALARMS } from '../../../src/ui/charts/AlarmsList';

function render(alarms: AlarmRecord[]): string {
  const store = createHistoryStore();
  store.getState().addAlarms(alarms);
  // Server rendering reads zustand's initial state (useSyncExternalStore's server snapshot).
  store.getInitialState = store.getState;
  // Apostrophes as typed, so the catalog's text can be looked for.
  return renderToStaticMarkup(createElement(AlarmsList, { store })).replaceAll('&#x27;', "'");
}
const collapse = (step: number): AlarmRecord => ({ kind: 'modeCollapse', step, series: ['metric/modeCoverage'], detail: `modeCoverage fell at ${step}` });

describe('AlarmsList', () => {
  it('says when none was raised', () => {
    expect(render([])).toContain('None raised.');
  });

  it('lists each alarm newest first: its step as a button, what was seen, what it means and what to try', () => {
    const html = render([collapse(200), { kind: 'vanishingGradient', step: 450, series: ['grad/G'], detail: 'norm 1e-9' }]);
    const steps = [...html.matchAll(/data-step="(\d+)"/g)].map((m) => Number(m[1]));
    expect(steps).toEqual([450, 200]);
    expect(html).toContain('aria-label="Show step 450 on the charts"');
    expect(html).toContain(ALARM_TEXT.vanishingGradient.title);
    expect(html).toContain('norm 1e-9');
    expect(html).toContain(ALARM_TEXT.modeCollapse.meaning.slice(0, 40));
    expect(html).toContain(`Try: ${ALARM_TEXT.modeCollapse.suggestion.slice(0, 30)}`);
  });

  it(`lists the newest ${MAX_LISTED_ALARMS} and says where the rest are`, () => {
    const html = render(Array.from({ length: MAX_LISTED_ALARMS + 2 }, (_, i) => collapse(i)));
    expect(html.match(/data-testid="alarm"/g)).toHaveLength(MAX_LISTED_ALARMS);
    expect(html).not.toContain('data-step="1"');
    expect(html).toContain(`The ${MAX_LISTED_ALARMS} newest are listed; 2 older are in the run's loss log.`);
  });
});
