// A reload in the middle of training: nothing the page had received is lost, the run says it
// was interrupted, and its checkpoint (saved right after warm-up) resumes it.
import { expect, onTestFailed, test } from 'vitest';
import { useAppInBrowser } from './browser';

const app = useAppInBrowser();

/** The current run as the page holds it: its G_GAN steps, status and checkpoint. */
function currentRun() {
  return app.page.evaluate(() => {
    const { stores } = (globalThis as unknown as { playground: { controller: import('../../src/client/playground').Playground } }).playground.controller;
    const s = stores.history.getState().series.get('G_GAN');
    const id = stores.runs.getState().currentRunId;
    const meta = stores.runs.getState().runs.find((r) => r.id === id);
    return { steps: s ? Array.from(s.step.subarray(0, s.length)) : [], status: meta?.status ?? null, checkpoint: meta?.checkpoint?.step ?? null, runs: stores.runs.getState().runs.length };
  });
}

test('a reload mid-run loses no step the page had; the run is interrupted and resumes from its early checkpoint', async () => {
  const { page, logs } = app;
  onTestFailed(() => console.error(logs.join('\n')));
  await page.goto(`${app.url}?backend=wasm`);
  await page.getByTestId('backend-name').waitFor({ timeout: 120_000 });
  await page.getByRole('button', { name: 'Start' }).click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=step]')?.textContent ?? 0) >= 40, undefined, { timeout: 120_000 });
  // Within a second of the last timed write: without the journal these steps died with the page.
  const before = await currentRun();
  expect(before.status).toBe('running');
  await page.reload();
  await page.getByTestId('backend-name').waitFor({ timeout: 120_000 });
  await expect.poll(async () => (await currentRun()).status, { timeout: 30_000 }).toBe('interrupted');
  const after = await currentRun();
  expect(after.runs).toBe(1);
  // Every step the page held before the reload, once each, in order.
  expect(after.steps.length).toBeGreaterThanOrEqual(before.steps.length);
  expect(after.steps).toEqual(after.steps.map((_, i) => i));
  await page.getByRole('region', { name: 'Runs' }).getByText(/· interrupted$/).waitFor({ timeout: 10_000 });
  // A checkpoint from the run's first seconds: it can go on.
  expect(after.checkpoint).not.toBeNull();
  await page.getByRole('button', { name: /^Resume .* from checkpoint/ }).click();
  await page.waitForFunction((s) => Number(document.querySelector('[data-testid=step]')?.textContent ?? 0) > s, after.checkpoint!, { timeout: 120_000 });
  await expect.poll(async () => (await currentRun()).status, { timeout: 30_000 }).toBe('running');
  const resumed = await currentRun();
  expect(resumed.steps).toEqual(resumed.steps.map((_, i) => i));
});
