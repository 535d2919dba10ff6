// GAN Lab's model controls on the page (issue 15): optimizers and the toy's G and D set in the
// page, the worker building exactly those (its 'ready' read back from tfjs), and a share link
// that brings all of it back, the speed included, after a reload.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect, onTestFailed, test } from 'vitest';
import { outputDir, useAppInBrowser } from './browser';

const app = useAppInBrowser();

/** Types a value into a number box and presses Enter. */
async function enter(page: Page, label: string, value: string): Promise<void> {
  const box = page.getByLabel(label, { exact: true });
  await box.fill(value);
  await box.press('Enter');
}

/** The settings' fields these tests set, as the page's boxes and lists show them. */
async function shown(page: Page): Promise<Record<string, string>> {
  const labels = ['G optimizer', 'G learning rate', 'G momentum', 'D optimizer', 'D decay', 'G hidden layers', 'G units per layer', 'D hidden layers', 'D units per layer', 'Noise distribution', "Steps per epoch (0: the data's)", 'Speed'];
  const values = await Promise.all(labels.map((label) => page.getByLabel(label, { exact: true }).inputValue()));
  return Object.fromEntries(labels.map((label, i) => [label, values[i]!]));
}

const EXPECTED = {
  'G optimizer': 'sgd',
  'G learning rate': '0.02',
  'G momentum': '0.9',
  'D optimizer': 'rmsprop',
  'D decay': '0.8',
  'G hidden layers': '3',
  'G units per layer': '8',
  'D hidden layers': '1',
  'D units per layer': '4',
  'Noise distribution': 'gaussian',
  "Steps per epoch (0: the data's)": '50',
  Speed: '10',
};

/** Starts, and waits for the worker's account of what it built and for a few steps. */
async function startAndReadBuilt(page: Page): Promise<string> {
  await page.getByRole('button', { name: /^(Start|Restart)$/ }).click();
  const built = page.getByTestId('built-networks');
  await built.waitFor({ timeout: 120_000 });
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=step]')?.textContent ?? 0) >= 3, undefined, { timeout: 120_000 });
  return (await built.textContent()) ?? '';
}

test('optimizers and toy layers set in the page are what the worker builds, and a share link brings them back', async () => {
  const { page, logs } = app;
  onTestFailed(() => console.error(logs.join('\n')));
  await page.goto(`${app.url}?backend=wasm`);
  await page.getByTestId('backend-name').waitFor({ timeout: 120_000 });

  await page.getByLabel('G optimizer', { exact: true }).selectOption('sgd');
  await enter(page, 'G momentum', '0.9');
  await enter(page, 'G learning rate', '0.02');
  await page.getByLabel('D optimizer', { exact: true }).selectOption('rmsprop');
  await enter(page, 'D decay', '0.8');
  await enter(page, 'G hidden layers', '3');
  await enter(page, 'G units per layer', '8');
  await enter(page, 'D hidden layers', '1');
  await enter(page, 'D units per layer', '4');
  await page.getByLabel('Noise distribution', { exact: true }).selectOption('gaussian');
  await enter(page, "Steps per epoch (0: the data's)", '50');
  await page.getByLabel('Speed', { exact: true }).selectOption('10');

  // Refused at the field, with the reason, and nothing changes: a momentum of 1 never forgets.
  const momentum = page.getByLabel('G momentum', { exact: true });
  await momentum.fill('1');
  await momentum.press('Enter');
  await expect(momentum.getAttribute('aria-invalid')).resolves.toBe('true');
  await expect(page.getByRole('alert').filter({ hasText: 'G momentum:' }).textContent()).resolves.toBe(
    'G momentum: must be >= 0 and < 1, got 1 (Enter applies, Escape undoes)',
  );
  await momentum.press('Escape');
  await enter(page, 'D units per layer', '1000');
  await expect(page.getByRole('alert').filter({ hasText: 'D units per layer:' }).textContent()).resolves.toBe(
    'D units per layer: expected an integer from 1 to 512, got 1000 (Enter applies, Escape undoes)',
  );
  await page.getByLabel('D units per layer', { exact: true }).press('Escape');
  expect(await shown(page)).toEqual(EXPECTED);

  // G: noise 2 -> 8 -> 8 -> 8 -> 2 (24 + 72 + 72 + 18 weights); D: 2 -> 4 -> 1 (12 + 5): read from the worker's tfjs.
  const built = await startAndReadBuilt(page);
  expect(built).toMatch(/^Built: G 8-8-8-2 \(186 params\), Momentum momentum 0\.9 · D 4-1 \(17 params\), RMSProp decay 0\.8 momentum 0 epsilon [\d.e-]+$/);
  await expect(page.getByTestId('epoch').locator('..').getAttribute('title')).resolves.toBe('50 steps per epoch');

  await page.getByRole('button', { name: 'Share this setup as a link' }).click();
  await page.getByText(/^Link (copied|is in the address bar)$/).waitFor();
  const link = new URL(page.url());
  expect(link.searchParams.get('speed')).toBe('10');
  expect(link.searchParams.get('backend')).toBe('wasm'); // the page's ?backend=, kept
  // Dispatched: while training on a loaded machine the buttons' box may not settle (as csp.test.ts
  // found), and a forced click at a moved box can press its neighbour (Pause).
  await page.getByRole('button', { name: 'Reset' }).dispatchEvent('click');
  await page.getByTestId('run-status').filter({ hasText: 'Not started' }).waitFor();
  await page.screenshot({ path: path.join(outputDir, 'model-controls.png'), fullPage: true });

  // A fresh page from the link: the same fields, the same networks.
  await page.goto('about:blank');
  await page.goto(link.href);
  await page.getByTestId('backend-name').waitFor({ timeout: 120_000 });
  await expect(page.getByTestId('run-error').count()).resolves.toBe(0);
  expect(await shown(page)).toEqual(EXPECTED);
  expect(await startAndReadBuilt(page)).toBe(built);
  await page.getByRole('button', { name: 'Reset' }).dispatchEvent('click');
});
