// A sweep defined in the page's Sweep panel: each variant trains to exactly its steps (in the
// page's worker, or N at a time in workers of their own), is kept as a run named after it,
// drawn on the charts in its colour, and gets a row in the summary table.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect, onTestFailed, test } from 'vitest';
import { useAppInBrowser } from './browser';

const app = useAppInBrowser();

/** The runs drawn on a chart (main and overlay lines, by data-run) and their stroke colours. The chart is scrolled into view first: one out of view is not redrawn. */
async function linesByRun(page: Page, title: string): Promise<Record<string, string[]>> {
  await page.locator(`figure[aria-label="${title}"]`).scrollIntoViewIfNeeded();
  return page.evaluate((t) => {
    const figure = [...document.querySelectorAll('figure')].find((f) => f.getAttribute('aria-label') === t);
    const out: Record<string, string[]> = {};
    for (const p of figure?.querySelectorAll('g.series path') ?? []) {
      if (!['main', 'overlay'].includes(p.getAttribute('data-role') ?? '') || (p.getAttribute('d') ?? '') === '') continue;
      const colors = (out[p.getAttribute('data-run') ?? ''] ??= []);
      const color = p.getAttribute('stroke') ?? '';
      if (!colors.includes(color)) colors.push(color);
    }
    return out;
  }, title);
}

/** Both runs drawn on the G losses chart, each in one colour of its own. */
async function expectDrawnApart(page: Page, ids: readonly string[]): Promise<void> {
  await expect.poll(async () => Object.keys(await linesByRun(page, 'G losses')).filter((id) => ids.includes(id)).sort(), { timeout: 20_000 }).toEqual([...ids].sort());
  const drawn = await linesByRun(page, 'G losses');
  const colors = ids.map((id) => drawn[id]!);
  expect(colors.every((c) => c.length === 1), JSON.stringify(drawn)).toBe(true);
  expect(new Set(colors.flat()).size).toBe(ids.length);
}

test('a 2-variant sweep from the page ends with 2 runs overlaid (each drawn in its colour) and a summary table', async () => {
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
  // One worker: the page's own, whatever the cores.
  await panel.getByLabel('Workers').fill('1');
  await expect.poll(() => panel.getByTestId('sweep-count').textContent()).toBe('2 variants of 100 steps');
  const names = await panel.locator('ol li').allTextContents();
  expect(names).toHaveLength(2);
  expect(names[0]).toMatch(/\.loss_weight=1_seed=7$/);
  await panel.getByRole('button', { name: 'Run sweep' }).click();
  await panel.getByText('Sweep done: 2 of 2 variants done.').waitFor({ timeout: 240_000 });

  const stored = () =>
    page.evaluate(() => {
      const { stores } = (globalThis as unknown as { playground: { controller: import('../../src/client/playground').Playground } }).playground.controller;
      return stores.runs.getState().runs.map((r) => ({ id: r.id, name: r.name, lastStep: r.lastStep, settings: r.settings, shown: r.shown }));
    });
  await expect.poll(async () => (await stored()).map((r) => r.name).sort(), { timeout: 15_000 }).toEqual([...names].sort());
  // Each trained exactly its 100 steps (0..99) with the sweep's seed; the archive writes its
  // last values within a second (its flush interval).
  await expect.poll(async () => (await stored()).map((r) => r.lastStep), { timeout: 15_000 }).toEqual([99, 99]);
  for (const run of await stored()) {
    expect(run.settings?.seed).toBe(7);
    expect(run.settings?.stopAtStep).toBe(100);
    expect(run.shown).toBe(true);
  }
  // Overlaid: both variants' lines on the chart, in two colours.
  await expectDrawnApart(page, (await stored()).map((r) => r.id));
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

test('a sweep in 2 workers of its own leaves the page\'s run alone and ends with its 2 runs overlaid', async () => {
  const { page, logs } = app;
  onTestFailed(() => console.error(logs.join('\n')));
  // Four cores, so the panel offers (and picks) 2 workers whatever this machine has; the
  // workers' own navigator is left as it is.
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => 4 }));
  await page.goto(`${app.url}?backend=wasm`);
  await page.getByTestId('backend-name').waitFor({ timeout: 120_000 });
  const panel = page.getByRole('region', { name: 'Sweep' });
  expect(await panel.getByLabel('Workers').inputValue()).toBe('2');
  await panel.getByRole('button', { name: 'Add axis' }).click();
  await panel.getByRole('textbox', { name: /^Values of / }).fill('3, 4');
  await panel.getByLabel('Seeds').fill('8');
  await panel.getByLabel('Steps').fill('100');
  // Evaluated in the page: the console handle's controller.
  const pageRun = () =>
    page.evaluate(() => {
      const { stores } = (globalThis as unknown as { playground: { controller: import('../../src/client/playground').Playground } }).playground.controller;
      return { status: stores.run.getState().status, current: stores.runs.getState().currentRunId };
    });
  const before = await pageRun();
  await panel.getByRole('button', { name: 'Run sweep' }).click();
  // Both train at once.
  await expect.poll(() => panel.locator('tbody tr td:nth-child(3)').allTextContents(), { timeout: 120_000 }).toEqual(['running', 'running']);
  await panel.getByText('Sweep done: 2 of 2 variants done.').waitFor({ timeout: 240_000 });
  const runs = () =>
    page.evaluate(() => {
      const { stores } = (globalThis as unknown as { playground: { controller: import('../../src/client/playground').Playground } }).playground.controller;
      return stores.runs.getState().runs.filter((r) => r.name.endsWith('_seed=8')).map((r) => ({ id: r.id, lastStep: r.lastStep, status: r.status, shown: r.shown }));
    });
  await expect.poll(async () => (await runs()).map((r) => [r.lastStep, r.status, r.shown]), { timeout: 15_000 }).toEqual([
    [99, 'stopped', true],
    [99, 'stopped', true],
  ]);
  // The page's own run and worker were not touched.
  expect(await pageRun()).toEqual(before);
  await expectDrawnApart(page, (await runs()).map((r) => r.id));
});
