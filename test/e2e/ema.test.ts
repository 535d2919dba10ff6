// The EMA generator's control in the run panel: checked at the field, and a toy run with it
// on charts the EMA generator's quality beside G's; the preview toggle reaches the run.
import { expect, onTestFailed, test } from 'vitest';
import { historySeries, useAppInBrowser } from './browser';

const app = useAppInBrowser();

test("EMA on: a bad momentum is refused at the box, MMagic's warning above 0.5, and metric/JS@ema charted beside metric/JS", async () => {
  const { page, logs } = app;
  onTestFailed(() => console.error(logs.join('\n')));
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.goto(`${app.url}?backend=wasm`);
  await page.getByTestId('backend-name').waitFor({ timeout: 120_000 });
  await page.getByLabel("EMA generator (MMagic's ema_config)").check();
  const momentum = page.getByLabel('EMA momentum', { exact: true });
  await expect(momentum.inputValue()).resolves.toBe('0.001');
  await momentum.fill('2');
  await momentum.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'EMA momentum: must be a number between 0 and 1, both excluded' }).textContent()).resolves.toContain('got 2');
  await momentum.fill('0.999');
  await momentum.press('Enter');
  await page.getByText('keeps only 0.001 of itself each update').waitFor();
  await momentum.fill('0.05');
  await momentum.press('Enter');
  const every = page.getByLabel('Quality metrics every (steps, 0 off)');
  await every.fill('25');
  await every.press('Enter');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect.poll(async () => (await historySeries(page, 'metric/JS@ema')).length, { timeout: 120_000 }).toBeGreaterThanOrEqual(2);
  await page.getByLabel('Preview draws the EMA generator').uncheck();
  await page.getByRole('button', { name: 'Pause' }).click();
  const [ema, live] = [await historySeries(page, 'metric/JS@ema'), await historySeries(page, 'metric/JS')];
  expect(ema.map(([step]) => step).slice(0, 2)).toEqual([25, 50]);
  expect(live.map(([step]) => step).slice(0, 2)).toEqual([25, 50]);
  const settings = await page.evaluate(() => (globalThis as unknown as { playground: { controller: import('../../src/client/playground').Playground } }).playground.controller.stores.settings.getState().settings.ema);
  expect(settings).toEqual({ momentum: 0.05, preview: 'live' });
  // The run took the toggle: no "Not applied" from the worker.
  const error = await page.evaluate(() => (globalThis as unknown as { playground: { controller: import('../../src/client/playground').Playground } }).playground.controller.stores.run.getState().error);
  expect(error).toBeNull();
});
