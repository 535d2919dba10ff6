// The quality charts: a toy run measures GAN Lab's KL/JS and mode coverage every metricsEvery
// steps, and the discriminator's health every update; the page charts them.
import path from 'node:path';
import { expect, onTestFailed, test } from 'vitest';
import { drawnChart, historySeries, outputDir, useAppInBrowser } from './browser';

const app = useAppInBrowser();

const series = (name: string) => historySeries(app.page, name);

test('a toy run charts KL and JS to the target, mode coverage and D health, JS in [0, 1]', async () => {
  const { page, logs } = app;
  onTestFailed(() => console.error(logs.join('\n')));
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.goto(`${app.url}?backend=wasm`);
  await page.getByTestId('backend-name').waitFor({ timeout: 120_000 });
  const every = page.getByLabel('Quality metrics every (steps, 0 off)');
  await expect(every.inputValue()).resolves.toBe('200');
  await every.fill('25');
  await every.press('Enter');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect.poll(async () => (await series('metric/JS')).length, { timeout: 120_000 }).toBeGreaterThanOrEqual(4);
  await page.getByRole('button', { name: 'Pause' }).click();
  const js = await series('metric/JS');
  expect(js.map(([step]) => step).slice(0, 4)).toEqual([25, 50, 75, 100]);
  js.forEach(([, v]) => expect(v).toBeGreaterThanOrEqual(0));
  js.forEach(([, v]) => expect(v).toBeLessThanOrEqual(1));
  const coverage = await series('metric/modeCoverage');
  coverage.forEach(([, v]) => expect(v).toBeGreaterThanOrEqual(0));
  coverage.forEach(([, v]) => expect(v).toBeLessThanOrEqual(1));
  const accuracy = await series('dHealth/accuracy');
  expect(accuracy.length).toBeGreaterThan(js.length); // every D update, not every 25th
  accuracy.forEach(([, v]) => expect(v).toBeGreaterThanOrEqual(0));
  accuracy.forEach(([, v]) => expect(v).toBeLessThanOrEqual(1));

  // Scrolled into view, the charts draw.
  const quality = page.locator('section[aria-label="Quality charts"]');
  await quality.scrollIntoViewIfNeeded();
  for (const title of ['Quality: KL and JS to the target (bits)', 'Quality: modes covered, points off every mode', "D's mean raw output on real and fake", "D's accuracy (real above, fake below its threshold)"]) {
    await expect.poll(() => drawnChart(page, title), { timeout: 30_000 }).not.toBeNull();
  }
  await quality.screenshot({ path: path.join(outputDir, 'quality-charts.png') });
});
