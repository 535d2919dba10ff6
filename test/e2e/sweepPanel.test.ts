// A sweep defined in the page's Sweep panel: each variant trains in the worker to exactly its
// steps, is kept as a run named after it, and gets a row in the summary table.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, onTestFailed, test } from 'vitest';
import { useAppInBrowser } from './browser';

const app = useAppInBrowser();

test('a 2-variant sweep from the page ends with 2 stored runs named after the variants and a 2-row summary table', async () => {
  const { page, logs } = app;
  onTestFailed(() => console.error(logs.join('\n')));
  await page.goto(`${app.url}?backend=wasm`);
  await page.getByTestId('backend-name').waitFor({ timeout: 120_000 });
  const panel = page.getByRole('region', { name: 'Sweep' });
  await panel.getByRole('button', { name: 'Add axis' }).click();
  const values = panel.getByRole('textbox', { name: /^Values of / });
  // Refused at the field, with the reason.
  await values.fill('1, x');
  await panel.getByText(/value 2 \("x"\) is not a finite number/).first().waitFor();
  expect(await panel.getByRole('button', { name: 'Run sweep' }).isDisabled()).toBe(true);
  await values.fill('1, 2');
  await panel.getByLabel('Seeds').fill('7');
  await panel.getByLabel('Steps').fill('100');
  await expect.poll(() => panel.getByTestId('sweep-count').textContent()).toBe('2 variants of 100 steps');
  const names = await panel.locator('ol li').allTextContents();
  expect(names).toHaveLength(2);
  expect(names[0]).toMatch(/\.loss_weight=1_seed=7$/);
  await panel.getByRole('button', { name: 'Run sweep' }).click();
  await panel.getByText('Sweep done: 2 of 2 variants done.').waitFor({ timeout: 240_000 });

  const stored = () =>
    page.evaluate(() => {
      const { stores } = (globalThis as unknown as { playground: { controller: import('../../src/client/playground').Playground } }).playground.controller;
      return stores.runs.getState().runs.map((r) => ({ name: r.name, lastStep: r.lastStep, settings: r.settings }));
    });
  await expect.poll(async () => (await stored()).map((r) => r.name).sort(), { timeout: 15_000 }).toEqual([...names].sort());
  // Each trained exactly its 100 steps (0..99) with the sweep's seed; the archive writes its
  // last values within a second (its flush interval).
  await expect.poll(async () => (await stored()).map((r) => r.lastStep), { timeout: 15_000 }).toEqual([99, 99]);
  for (const run of await stored()) {
    expect(run.settings?.seed).toBe(7);
    expect(run.settings?.stopAtStep).toBe(100);
  }
  const table = panel.getByRole('table', { name: 'Sweep summary' });
  expect(await table.locator('tbody tr').count()).toBe(2);
  const header = await table.locator('thead th').allTextContents();
  expect(header.slice(1, 3)).toEqual(['seed', 'status']);
  expect(header.some((h) => h.startsWith('final '))).toBe(true);
  expect(await table.locator('tbody tr td:nth-child(3)').allTextContents()).toEqual(['done', 'done']);
  // Sorting by the axis, descending, puts weight 2 first.
  await table.locator('thead th button').first().click();
  await table.locator('thead th button').first().click();
  expect(await table.locator('tbody tr td:nth-child(1)').allTextContents()).toEqual(['2', '1']);
  // The page's next Start is the page's own setup again, not the last variant's.
  const next = await page.evaluate(() => (globalThis as unknown as { playground: { controller: import('../../src/client/playground').Playground } }).playground.controller.stores.settings.getState().settings.stopAtStep);
  expect(next).toBeUndefined();
});

test("a CLI sweep's folder picked in the page loads its variants as runs and its summary as the table", async () => {
  const { page, logs } = app;
  onTestFailed(() => console.error(logs.join('\n')));
  const dir = mkdtempSync(path.join(tmpdir(), 'sweep-'));
  const out = path.join(dir, 'out');
  const log = (w: number) => JSON.stringify({ LOSSMANAGER_LOG: { device: '', dataroot: '', dataset_length: 0, experiment: 'toy', format: 'gan-loss-playground/1', loss_functions: { G_GAN: { loss: [3 * w, 2 * w], weights: [w, w], steps: [0, 1] } } } });
  for (const w of [1, 10]) {
    mkdirSync(path.join(out, `G_GAN.loss_weight=${w}_seed=1`), { recursive: true });
    writeFileSync(path.join(out, `G_GAN.loss_weight=${w}_seed=1`, 'loss_log.json'), log(w));
  }
  const variants = [1, 10].map((w) => ({ name: `G_GAN.loss_weight=${w}_seed=1`, values: { 'losses.G_GAN.loss_weight': w }, seed: 1, status: 'done', step: 1, final: { G_GAN: 2 * w } }));
  writeFileSync(path.join(out, 'summary.json'), JSON.stringify({ sweep: { steps: 2 }, axes: ['losses.G_GAN.loss_weight'], variants }));
  await page.goto(`${app.url}?backend=wasm`);
  const panel = page.getByRole('region', { name: 'Sweep' });
  await panel.getByLabel("Load a CLI sweep's folder").setInputFiles(out);
  await panel.getByText('2 variant runs loaded.').waitFor({ timeout: 30_000 });
  const names = () =>
    page.evaluate(() => (globalThis as unknown as { playground: { controller: import('../../src/client/playground').Playground } }).playground.controller.stores.runs.getState().runs.map((r) => r.name));
  await expect.poll(async () => (await names()).filter((n) => n.endsWith('_seed=1')).sort(), { timeout: 15_000 }).toEqual(['G_GAN.loss_weight=10_seed=1', 'G_GAN.loss_weight=1_seed=1']);
  const table = panel.getByRole('table', { name: 'Sweep summary' });
  expect(await table.locator('tbody tr td:last-child').allTextContents()).toEqual(['2', '20']);
});
