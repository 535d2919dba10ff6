// An MMagic scalars.json loaded in the runs panel: a run of its own, its losses in the G and D
// charts by MMagic's names, its learning rates in their chart, a skipped line in the notice.
import { expect, onTestFailed, test } from 'vitest';
import { historySeries, useAppInBrowser } from './browser';

const app = useAppInBrowser();

const line = (iter: number, g: number, d: number) =>
  JSON.stringify({ 'generator.lr': 0.0002, 'discriminator.lr': 0.0001, data_time: 0.01, loss_disc_fake: d, loss_disc_real: d / 2, loss: 1.5 * d, loss_gen: g, time: 0.2, iter, memory: 1024, step: iter });

test('load an MMagic scalars.json: a run, G and D charts, learning rates, the bad line named', async () => {
  const { page, logs } = app;
  onTestFailed(() => console.error(logs.join('\n')));
  await page.goto(app.url);
  const runs = page.getByRole('region', { name: 'Runs' });
  const text = [line(10, 2, 0.5), line(20, 1.5, 0.4), 'not json', line(30, 1.25, 0.3)].join('\n');
  await runs.getByLabel('Load loss_log.json or MMagic log (scalars.json, *.log.json)').setInputFiles({ name: 'scalars.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await runs.getByText('imported from scalars.json').waitFor({ timeout: 30_000 });
  await expect(runs.getByRole('alert').textContent()).resolves.toMatch(/^Loaded scalars\.json \(4 lines, 6 series\), but: line 3: not JSON/);
  for (const title of ['G losses', 'D losses', 'other losses', 'Learning rates']) await page.getByRole('figure', { name: title }).waitFor({ timeout: 30_000 });
  // The page's history holds MMagic's loss_gen at its iters, under G.
  const steps = await historySeries(page, 'G/loss_gen');
  expect(steps).toEqual([[10, 2], [20, 1.5], [30, 1.25]]);
});
