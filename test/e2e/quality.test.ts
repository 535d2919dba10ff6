// The quality charts: a toy run measures GAN Lab's KL/JS and mode coverage every metricsEvery
// steps, and the discriminator's health every update; the page charts them. A DCGAN run its
// KID, FID and class entropy.
import path from 'node:path';
import { expect, onTestFailed, test } from 'vitest';
import { defaultSettings } from '../../src/protocol/presets';
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

test("a DCGAN run charts KID, FID and the predicted digits' entropy against the held-out digits", async () => {
  const { page, logs } = app;
  onTestFailed(() => console.error(logs.join('\n')));
  await page.goto(`${app.url}?backend=wasm`);
  await page.getByTestId('backend-name').waitFor({ timeout: 120_000 });
  // Through the console hook: a small DCGAN measured every 5 steps (the worker fetches the classifier).
  const settings = { ...defaultSettings('dcgan'), model: { width: 4, noiseDim: 8 }, batchSize: 4, metricsEvery: 5, backend: 'wasm' };
  await page.evaluate((s) => (globalThis as unknown as { playground: { start(s: unknown): void } }).playground.start(s), settings);
  await expect.poll(async () => (await series('metric/KID')).length, { timeout: 180_000 }).toBeGreaterThanOrEqual(2);
  await page.getByRole('button', { name: 'Pause' }).click({ force: true });
  expect((await series('metric/KID')).map(([step]) => step).slice(0, 2)).toEqual([5, 10]);
  (await series('metric/FID')).forEach(([, v]) => expect(v).toBeGreaterThan(0));
  (await series('metric/classEntropy')).forEach(([, v]) => expect(v >= 0 && v <= Math.log2(10)).toBe(true));
  const quality = page.locator('section[aria-label="Quality charts"]');
  await quality.scrollIntoViewIfNeeded();
  for (const title of ['Quality: KID to held-out digits (lower is better)', 'Quality: FID to held-out digits (lower is better)', 'Quality: entropy of the predicted digits (bits, 3.32 = all ten alike)']) {
    await expect.poll(() => drawnChart(page, title), { timeout: 30_000 }).not.toBeNull();
  }
  await quality.screenshot({ path: path.join(outputDir, 'quality-charts-dcgan.png') });
});
