// The whole browser stack in one check: built app -> module worker -> tfjs on WebGPU -> page.
import path from 'node:path';
import { expect, onTestFailed, test } from 'vitest';
import { outputDir, useAppInBrowser } from './browser';

const app = useAppInBrowser();

test('the page shows the backend its training worker started: webgpu', async () => {
  const { page, logs } = app;
  onTestFailed(() => {
    console.error(`Browser logs (${logs.length}):\n${logs.join('\n') || '(none)'}`);
  });

  await page.goto(app.url);
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('GAN Loss Playground');

  // The worker probes the backends as it starts (SwiftShader's first WebGPU use takes seconds).
  const result = page.locator('[data-testid=backend-name], [data-testid=run-error]');
  await result.first().waitFor({ timeout: 120_000 });
  await page.screenshot({ path: path.join(outputDir, 'smoke.png') });
  const shown = result.first();
  expect({ testId: await shown.getAttribute('data-testid'), text: await shown.textContent() }).toEqual({
    testId: 'backend-name',
    text: 'webgpu',
  });
});

test('a panel that fails to load says so in its place; the rest of the page works', async () => {
  const { page, context } = app;
  // The charts' chunk (recharts) cannot be fetched, as on a flaky connection after a deploy.
  const block = '**/assets/LossChartsPanel-*.js';
  await context.route(block, (route) => route.abort());
  try {
    await page.goto(app.url);
    const alert = page.getByRole('alert').filter({ hasText: 'The charts stopped working' });
    await alert.waitFor({ timeout: 60_000 });
    await expect(alert.textContent()).resolves.toMatch(/reload the page/);
    await page.screenshot({ path: path.join(outputDir, 'smoke-charts-failed.png') });
    // Not a blank page: the controls and the other panels are there.
    await expect(page.getByRole('button', { name: /^(Start|Restart)$/ }).isEnabled()).resolves.toBe(true);
    await expect(page.getByRole('region', { name: 'Loss maps' }).isVisible()).resolves.toBe(true);
  } finally {
    await context.unroute(block);
  }
});
