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

test('the page reports tfjs running on webgpu in a worker', async () => {
  const { page, logs } = browser;
  onTestFailed(() => {
    console.error(`Browser logs (${logs.length}):\n${logs.join('\n') || '(none)'}`);
  });

  await page.goto(server.url);
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('GAN Loss Playground');

  // SwiftShader's first WebGPU op in a worker takes ~10 s; wait for either outcome.
  const result = page.locator('[data-testid=backend], [data-testid=backend-error]');
  await result.first().waitFor({ timeout: 120_000 });

  await mkdir(outputDir, { recursive: true });
  await page.screenshot({ path: path.join(outputDir, 'smoke.png') });

  // Compare id and text together so a failure shows the worker's error message.
  const shown = result.first();
  expect({ testId: await shown.getAttribute('data-testid'), text: await shown.textContent() }).toEqual({
    testId: 'backend',
    text: 'webgpu',
  });
  // The worker summed [1, 2, 3] on the GPU and read it back: 1 + 2 + 3 = 6.
  expect(await page.getByTestId('smoke-sum').textContent()).toBe(String(1 + 2 + 3));
});
