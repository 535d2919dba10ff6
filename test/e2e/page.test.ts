// The playground page as a person uses it: controls, status, samples and loss maps.
import path from 'node:path';
import { expect, onTestFailed, test } from 'vitest';
import { drawnChart, outputDir, useAppInBrowser } from './browser';

const app = useAppInBrowser();

test('start the toy GAN from the page, watch it train, pause with the space bar', async () => {
  const { page, logs } = app;
  onTestFailed(() => console.error(logs.join('\n')));
  await page.goto(app.url);
  await page.getByTestId('backend-name').waitFor({ timeout: 120_000 });
  await page.getByRole('button', { name: 'Start' }).click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=step]')?.textContent ?? 0) >= 20, undefined, { timeout: 120_000 });
  expect(await page.getByTestId('run-status').textContent()).toBe('Training');
  // Only a software WebGPU adapter here (SwiftShader): the run measured wasm and WebGL for this
  // model, took the faster one, and says so with the figures.
  await page.getByText('Why not a faster backend').click();
  const why = await page.getByText(/so this model was measured on the alternatives: wasm [\d.]+ steps\/s, webgl [\d.]+ steps\/s; using (wasm|webgl)/).textContent();
  expect(why).toMatch(/using (wasm|webgl)$/);
  expect(['wasm', 'webgl']).toContain(await page.getByTestId('backend-name').textContent());
  // GAN Lab's picture is drawn: real and generated points over the discriminator, G's manifold and
  // the arrows (once in view: it is drawn only while it is).
  await page.locator('section[aria-label="Samples"] canvas[role=img]').scrollIntoViewIfNeeded();
  await page.getByRole('img', { name: /^Real and generated points over the discriminator's output at step \d+: \d+ real, \d+ generated; critic as a probability; manifold: G on a 21 x 21 grid over z1, z2 in \[0, 1\]; arrows: total of 1 G loss, longest [\d.e-]+$/ }).waitFor({ timeout: 30_000 });
  // Each loss's last value (the toy's maps are one number each, a batch mean) is shown.
  await expect(page.getByRole('region', { name: 'Loss maps' }).getByText(/^-?\d+(\.\d+)?(e-?\d+)?$/).count()).resolves.toBe(3);
  await page.screenshot({ path: path.join(outputDir, 'page-training.png'), fullPage: true });
  // Space pauses, even with the focus still on the button just clicked (now "Restart", which
  // Space would otherwise press, wiping the run), and resumes.
  await page.getByRole('button', { name: 'Restart' }).focus();
  await page.keyboard.press('Space');
  await page.getByText('Paused', { exact: true }).waitFor({ timeout: 30_000 });
  const pausedAt = Number(await page.getByTestId('step').textContent());
  expect(pausedAt).toBeGreaterThanOrEqual(20);
  await page.keyboard.press('Space');
  await page.waitForFunction((s) => Number(document.querySelector('[data-testid=step]')?.textContent ?? 0) > s, pausedAt, { timeout: 60_000 });
  expect(await page.getByTestId('run-status').textContent()).toBe('Training');
  await page.keyboard.press('Space');
  await page.getByText('Paused', { exact: true }).waitFor({ timeout: 30_000 });
});

test('a weight slider moved mid-run shows in the downloaded loss log at its step; the run survives a reload', async () => {
  const { page, logs } = app;
  onTestFailed(() => console.error(logs.join('\n')));
  // Forced to WebGPU by the link, as a user can.
  await page.goto(`${app.url}?backend=webgpu`);
  await page.getByTestId('backend-name').waitFor({ timeout: 120_000 });
  await page.getByRole('button', { name: /^(Start|Restart)$/ }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid=backend-name]')?.textContent === 'webgpu' && document.querySelector('[data-testid=step]'), undefined, { timeout: 120_000 });
  const stepNow = () => page.evaluate(() => Number(document.querySelector('[data-testid=step]')?.textContent ?? 0));
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=step]')?.textContent ?? 0) >= 10, undefined, { timeout: 120_000 });
  // The G chart draws, and grows as steps come in (checked below, after the slider).
  await expect.poll(() => drawnChart(page, 'G losses'), { timeout: 30_000 }).not.toBeNull();
  const chartBefore = (await drawnChart(page, 'G losses'))!;
  // The exact box beside the slider: the same command a drag sends.
  // The exact box applies on Enter (typing "0.25" must not send 0 and 0.2 on the way).
  await page.getByLabel('Weight of G_GAN', { exact: true }).fill('0.25');
  await page.getByLabel('Weight of G_GAN', { exact: true }).press('Enter');
  const changed = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const debug = (globalThis as unknown as { playground: { events: { type: string; step?: number; name?: string }[] } }).playground;
        const poll = () => {
          const e = debug.events.find((x) => x.type === 'weightChanged' && x.name === 'G_GAN');
          if (e) resolve(e.step as number);
          else setTimeout(poll, 50);
        };
        poll();
      }),
  );
  await page.waitForFunction((s) => Number(document.querySelector('[data-testid=step]')?.textContent ?? 0) >= s + 10, changed, { timeout: 120_000 });
  expect(await stepNow()).toBeGreaterThanOrEqual(changed + 10);
  // Charts scrolled out of view do not redraw (by design); the weight box may have scrolled them away.
  await page.locator('figure[aria-label="G losses"]').scrollIntoViewIfNeeded();
  await expect.poll(async () => (await drawnChart(page, 'G losses'))!.xEnd, { timeout: 30_000 }).toBeGreaterThanOrEqual(changed + 5);
  const chartAfter = (await drawnChart(page, 'G losses'))!;
  expect(chartAfter.xEnd).toBeGreaterThan(chartBefore.xEnd);
  expect(chartAfter.points).toBeGreaterThan(chartBefore.points);
  expect(chartAfter.pathLength).toBeGreaterThan(0);
  // The change is marked on the chart where it happened.
  await expect(page.locator('figure[aria-label="G losses"] .recharts-reference-line').count()).resolves.toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByText('Paused', { exact: true }).waitFor({ timeout: 30_000 });
  // A loss map card for each loss, with its value at a step.
  const maps = page.getByRole('region', { name: 'Loss maps' });
  await expect(maps.getByRole('figure').count()).resolves.toBe(3);
  await expect(maps.getByText(/^step \d+$/).count()).resolves.toBe(3);
  await page.screenshot({ path: path.join(outputDir, 'page-after-slider.png'), fullPage: true });

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Download loss log of run/ }).first().click()]);
  const file = await download.path();
  const log = JSON.parse(await (await import('node:fs/promises')).readFile(file!, 'utf8')) as {
    LOSSMANAGER_LOG: { loss_functions: Record<string, { weights: number[]; steps: number[] }> };
  };
  const g = log.LOSSMANAGER_LOG.loss_functions.G_GAN!;
  const at = g.steps.indexOf(changed);
  expect(at).toBeGreaterThan(0);
  // NectarGAN's format: weights 1 before the change and 0.25 from its step on.
  expect(g.weights.slice(0, at).every((w) => w === 1)).toBe(true);
  expect(g.weights.slice(at).every((w) => w === 0.25)).toBe(true);

  await page.reload();
  await page.getByRole('listitem', { name: /^Run \d+:/ }).first().waitFor({ timeout: 30_000 });
  await page.screenshot({ path: path.join(outputDir, 'page-after-reload.png'), fullPage: true });
});
