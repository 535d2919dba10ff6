// The playground page as a person uses it: controls, status, samples and loss maps.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, onTestFailed, test } from 'vitest';
import { launchBrowser, outputDir, startPreview, type BrowserHandle, type PreviewHandle } from './browser';

let server: PreviewHandle;
let browser: BrowserHandle;

beforeAll(async () => {
  server = await startPreview();
  browser = await launchBrowser();
  await mkdir(outputDir, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test('start the toy GAN from the page, watch it train, pause with the space bar', async () => {
  const { page, logs } = browser;
  onTestFailed(() => console.error(logs.join('\n')));
  await page.goto(server.url);
  await page.getByTestId('backend-name').waitFor({ timeout: 120_000 });
  await page.getByRole('button', { name: 'Start' }).click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=step]')?.textContent ?? 0) >= 20, undefined, { timeout: 120_000 });
  expect(await page.getByTestId('run-status').textContent()).toBe('Training');
  // GAN Lab's picture and a loss map are drawn.
  await expect(page.getByRole('img', { name: /./ }).count()).resolves.toBeGreaterThan(0);
  await page.screenshot({ path: path.join(outputDir, 'page-training.png'), fullPage: true });
  await page.locator('body').focus();
  await page.keyboard.press('Space');
  await page.getByText('Paused', { exact: true }).waitFor({ timeout: 30_000 });
});
