// An alarm on the page: raised by the worker in a run whose threshold trips at once (the
// vanishing-gradient floor set above any norm), listed with what it means and what to try,
// marked on the chart of its series, moving the charts' cursor when its step is clicked, and
// still there when the page is reloaded (the run archive keeps it).
import path from 'node:path';
import { expect, onTestFailed, test } from 'vitest';
import { historySeries, outputDir, useAppInBrowser } from './browser';

const app = useAppInBrowser();

test('an alarm raised in a constructed run shows in the alarms list and on the chart, and survives a reload', async () => {
  const { page, logs } = app;
  onTestFailed(() => console.error(logs.join('\n')));
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.goto(`${app.url}?backend=wasm`);
  await page.getByTestId('backend-name').waitFor({ timeout: 120_000 });
  const alarms = page.getByRole('region', { name: 'Alarms' });
  await expect(alarms.getByText('None raised.', { exact: false }).isVisible()).resolves.toBe(true);
  // The page's settings (gradient norms every 10 steps), with a floor every norm is under:
  // raised at the third norm.
  await page.evaluate(() => {
    const hook = (globalThis as unknown as { playground: import('../../src/app/debugHook').PlaygroundDebug }).playground;
    const settings = hook.controller.stores.settings.getState().settings;
    hook.start({ ...settings, alarms: { vanishingGradient: { absolute: 1e30, window: 3 } } });
  });
  const entry = alarms.getByTestId('alarm');
  await entry.waitFor({ timeout: 120_000 });
  await page.getByRole('button', { name: 'Pause' }).click({ force: true });
  await page.getByText('Paused', { exact: true }).waitFor({ timeout: 30_000 });

  const norms = await historySeries(page, 'grad/G');
  const step = norms[2]![0];
  await expect(entry.getAttribute('data-step')).resolves.toBe(String(step));
  await expect(entry.getAttribute('data-kind')).resolves.toBe('vanishingGradient');
  await expect(entry.textContent()).resolves.toMatch(/Vanishing generator gradient.*below the floor 1e30.*Try: /);
  expect(await alarms.getByTestId('alarm').count()).toBe(1);

  // Marked on the chart of G's gradient norms, at its step.
  const chart = page.getByRole('figure', { name: 'G gradient norms' });
  // A chart out of view is not redrawn (useChartModel): look at it, as a user would.
  await chart.scrollIntoViewIfNeeded();
  await chart.getByText('⚠ Vanishing generator gradient').waitFor({ timeout: 30_000 });
  await expect(page.getByRole('figure', { name: 'D gradient norms' }).getByText('⚠ Vanishing generator gradient').count()).resolves.toBe(0);
  // Its step moves every chart's cursor there.
  await entry.getByRole('button', { name: `Show step ${step} on the charts` }).click();
  await expect(chart.getByTestId('chart-cursor').getAttribute('data-step')).resolves.toBe(String(step));
  await page.locator('section[aria-label="Alarms"]').screenshot({ path: path.join(outputDir, 'alarms-list.png') });
  await chart.screenshot({ path: path.join(outputDir, 'alarm-marker.png') });

  // The run archive keeps it: the reloaded page reopens the run with its alarm.
  await page.reload();
  await alarms.getByTestId('alarm').waitFor({ timeout: 60_000 });
  await expect(alarms.getByTestId('alarm').getAttribute('data-step')).resolves.toBe(String(step));
  await chart.scrollIntoViewIfNeeded();
  await chart.getByText('⚠ Vanishing generator gradient').waitFor({ timeout: 30_000 });
});
