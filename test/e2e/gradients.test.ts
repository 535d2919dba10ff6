// The gradient diagnostics on the page: each network's gradient share (summing to 1), the
// norms, the cosine matrix, the share beside each slider, and a weight raised x10 raising its
// loss's share.
import path from 'node:path';
import { expect, onTestFailed, test } from 'vitest';
import { drawnChart, historySeries, outputDir, useAppInBrowser } from './browser';

const app = useAppInBrowser();

const series = (name: string) => historySeries(app.page, name);

test("a toy run charts each loss's gradient share and norms, and a weight raised x10 raises its share", async () => {
  const { page, logs } = app;
  onTestFailed(() => console.error(logs.join('\n')));
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.goto(`${app.url}?backend=wasm`);
  await page.getByTestId('backend-name').waitFor({ timeout: 120_000 });
  await page.getByRole('button', { name: 'Start' }).click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=step]')?.textContent ?? 0) >= 200, undefined, { timeout: 120_000 });
  // Each chart redraws at its own time (one chart a frame, every second while values come): wait for both.
  await expect.poll(() => drawnChart(page, 'D gradient share'), { timeout: 30_000 }).not.toBeNull();
  await expect.poll(() => drawnChart(page, 'D gradient norms'), { timeout: 30_000 }).not.toBeNull();
  await page.getByRole('figure', { name: 'D gradient cosines' }).getByLabel('cosine of D_real and D_fake').waitFor();

  // Every 10th step (the page's gradEvery), D's two shares, each in [0, 1], summing to 1.
  const real = await series('gradShare/D/D_real');
  const fake = await series('gradShare/D/D_fake');
  expect(real.length).toBeGreaterThanOrEqual(10);
  expect(real.every(([step]) => step % 10 === 0)).toBe(true);
  real.forEach(([step, share], i) => {
    expect(fake[i]![0]).toBe(step);
    expect(share).toBeGreaterThanOrEqual(0);
    expect(share).toBeLessThanOrEqual(1);
    expect(share + fake[i]![1]).toBeCloseTo(1, 3);
  });
  expect(await page.getByTestId('share-D_real').textContent()).toMatch(/^ · \d+% of D's pull$/);

  // D_real's weight x10: its share of D's pull goes up at once. Paused, and with the diagnostics
  // at every step, the next step's share is measured on the network the last one was (the GAN
  // then adapts: a critic pushed hard on real data soon saturates there).
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByText('Paused', { exact: true }).waitFor({ timeout: 30_000 });
  const every = page.getByLabel('Gradient diagnostics every (steps, 0 off)');
  await expect(every.inputValue()).resolves.toBe('10');
  await every.fill('1');
  await every.press('Enter');
  await page.getByRole('button', { name: 'Restart' }).click();
  // The new run's history starts empty: 50 diagnosed steps of it.
  await expect.poll(async () => (await series('gradShare/D/D_real')).length, { timeout: 120_000 }).toBeGreaterThanOrEqual(50);
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByText('Paused', { exact: true }).waitFor({ timeout: 30_000 });
  const [, before] = (await series('gradShare/D/D_real')).at(-1)!;
  const box = page.getByLabel('Weight of D_real', { exact: true });
  await box.fill('10');
  await box.press('Enter');
  const stepped = (await series('gradShare/D/D_real')).length;
  await page.evaluate(() => (globalThis as unknown as { playground: { controller: import('../../src/client/playground').Playground } }).playground.controller.step('both'));
  await expect.poll(async () => (await series('gradShare/D/D_real')).length, { timeout: 30_000 }).toBe(stepped + 1);
  const [, after] = (await series('gradShare/D/D_real')).at(-1)!;
  console.info(`D_real's share of D's gradient: ${before.toFixed(3)} before x10, ${after.toFixed(3)} at the next step`);
  // r = ||g_real|| / ||g_fake|| before: share r / (r + 1); after, 10 r / (10 r + 1).
  const r = before / (1 - before);
  expect(after).toBeCloseTo((10 * r) / (10 * r + 1), 1);
  expect(after).toBeGreaterThan(before);
  await page.locator('section[aria-label="Gradient charts"]').screenshot({ path: path.join(outputDir, 'gradient-charts.png') });
});

test("an adaptive weight set in the spec editor: the weight applied each step is recorded, VQGAN's lambda times loss_weight", async () => {
  const { page, logs } = app;
  onTestFailed(() => console.error(logs.join('\n')));
  await page.goto(`${app.url}?backend=wasm`);
  await page.getByTestId('backend-name').waitFor({ timeout: 120_000 });
  const editor = page.getByRole('region', { name: 'Loss spec editor' });
  await editor.getByRole('button', { name: 'Edit D_fake' }).click();
  const reference = editor.getByLabel('Adaptive weight reference of D_fake');
  // Only the other D loss is on offer: a G loss's gradient is at another network's layer.
  await expect(reference.locator('option').allTextContents()).resolves.toEqual(['off (a fixed weight)', 'D_real']);
  await reference.selectOption('D_real');
  await editor.getByLabel('Adaptive weight max of D_fake').fill('2.5');
  await editor.getByRole('button', { name: /^Apply/ }).click();
  await page.getByRole('button', { name: /^(Start|Restart)$/ }).click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=step]')?.textContent ?? 0) >= 30, undefined, { timeout: 120_000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  const weights = await page.evaluate(() => {
    const { stores } = (globalThis as unknown as { playground: { controller: import('../../src/client/playground').Playground } }).playground.controller;
    const get = (n: string) => { const s = stores.history.getState().series.get(n)!; return Array.from(s.weight.subarray(0, s.length)); };
    return { fake: get('D_fake'), real: get('D_real') };
  });
  expect(weights.fake.length).toBeGreaterThanOrEqual(30);
  // D_real keeps its plain weight 1; D_fake's is lambda in [0, 2.5] (its max), and moves step to step.
  expect(new Set(weights.real)).toEqual(new Set([1]));
  weights.fake.forEach((w) => expect(w).toBeGreaterThanOrEqual(0));
  weights.fake.forEach((w) => expect(w).toBeLessThanOrEqual(2.5));
  expect(new Set(weights.fake).size).toBeGreaterThan(5);
  // Beside the slider: the last value, raw x the weight applied (lambda here) = weighted, at the
  // history's last step (read again: a last batch may land after the pause).
  await page.getByText('Paused', { exact: true }).waitFor({ timeout: 30_000 });
  await expect
    .poll(async () => {
      const text = (await page.getByTestId('latest-D_fake').textContent()) ?? '';
      const last = await page.evaluate(() => {
        const { stores } = (globalThis as unknown as { playground: { controller: import('../../src/client/playground').Playground } }).playground.controller;
        const s = stores.history.getState().series.get('D_fake')!;
        return { step: s.step[s.length - 1]!, weight: s.weight[s.length - 1]! };
      });
      const m = /^step (\d+): raw (\S+) × (\S+) = (\S+)$/.exec(text);
      const ok = m !== null && Number(m[1]) === last.step && Math.abs(Number(m[3]) - last.weight) <= 1e-3 * last.weight && Math.abs(Number(m[2]) * Number(m[3]) - Number(m[4])) <= 2e-3 * Math.abs(Number(m[4]));
      return ok || `${text} (last: step ${last.step}, weight ${last.weight})`;
    }, { timeout: 5_000 })
    .toBe(true);
});

test('per layer: with the toggle on, each loss has a gradient norm per weight tensor, charted on a log axis', async () => {
  const { page, logs } = app;
  onTestFailed(() => console.error(logs.join('\n')));
  await page.goto(`${app.url}?backend=wasm`);
  await page.getByTestId('backend-name').waitFor({ timeout: 120_000 });
  await page.getByLabel('Gradient norms per layer too').check();
  await page.getByRole('button', { name: /^(Start|Restart)$/ }).click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=step]')?.textContent ?? 0) >= 30, undefined, { timeout: 120_000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  const names = await page.evaluate(() => {
    const { stores } = (globalThis as unknown as { playground: { controller: import('../../src/client/playground').Playground } }).playground.controller;
    return [...stores.history.getState().series.keys()].filter((n) => n.startsWith('gradLayer/G/'));
  });
  // The toy G's dense layers, a kernel and a bias each, for its one loss.
  expect(names.filter((n) => n.endsWith('.kernel'))).toHaveLength(names.length / 2);
  expect(names.length).toBeGreaterThanOrEqual(4);
  names.forEach((n) => expect(n).toMatch(/^gradLayer\/G\/G_GAN\/[^/]+\.(kernel|bias)$/));
  const chart = page.getByRole('figure', { name: 'G gradient norms per weight tensor' });
  await chart.scrollIntoViewIfNeeded();
  await expect.poll(() => drawnChart(page, 'G gradient norms per weight tensor'), { timeout: 30_000 }).not.toBeNull();
});
