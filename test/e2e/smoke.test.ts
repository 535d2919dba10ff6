// The whole browser stack in one check: built app -> module worker -> tfjs on WebGPU -> page.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, onTestFailed, test } from 'vitest';
import { launchBrowser, outputDir, startPreview, type BrowserHandle, type PreviewHandle } from './browser';

let server: PreviewHandle;
let browser: BrowserHandle;

beforeAll(async () => {
  server = await startPreview();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test('the page shows the backend its training worker started: webgpu', async () => {
  const { page, logs } = browser;
  onTestFailed(() => {
    console.error(`Browser logs (${logs.length}):\n${logs.join('\n') || '(none)'}`);
  });

  await page.goto(server.url);
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('GAN Loss Playground');

  // The worker probes the backends as it starts (SwiftShader's first WebGPU use takes seconds).
  const result = page.locator('[data-testid=backend-name], [data-testid=run-error]');
  await result.first().waitFor({ timeout: 120_000 });
  await mkdir(outputDir, { recursive: true });
  await page.screenshot({ path: path.join(outputDir, 'smoke.png') });
  const shown = result.first();
  expect({ testId: await shown.getAttribute('data-testid'), text: await shown.textContent() }).toEqual({
    testId: 'backend-name',
    text: 'webgpu',
  });
});
