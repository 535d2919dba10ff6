// Run settings that cannot run, in the real page: a shared link that crashed the run controls on
// every reload, a batch box past the bound, and the console's playground.start(settings).
import { expect, onTestFailed, test } from 'vitest';
import { encodeSetup } from '../../src/client/shareLink';
import type { RunSettings } from '../../src/protocol/messages';
import { defaultSettings } from '../../src/protocol/presets';
import { useAppInBrowser } from './browser';

const app = useAppInBrowser();

test('a link with optimizers: null loads the page, says what it could not use, and trains on the defaults', async () => {
  const { page, logs } = app;
  onTestFailed(() => console.error(logs.join('\n')));
  const broken = { ...defaultSettings('toy'), seed: 7, optimizers: null } as unknown as RunSettings;
  const url = `${app.url}?backend=wasm${encodeSetup(broken)}`;
  for (const load of [() => page.goto(url), () => page.reload()]) {
    await load();
    await page.getByTestId('backend-name').waitFor({ timeout: 120_000 });
    await expect(page.getByTestId('run-error').textContent()).resolves.toBe(
      "This link could not be used as it is: the link's setup has problems (optimizers: must be an object with a G and a D optimizer, got null); " +
        'the defaults are used for optimizers.',
    );
    // The run controls are there (they crashed into their panel's error before), with the link's seed.
    await expect(page.getByLabel('G learning rate', { exact: true }).inputValue()).resolves.toBe('0.005');
    await expect(page.getByLabel('Seed', { exact: true }).inputValue()).resolves.toBe('7');
  }
  await page.getByRole('button', { name: 'Start' }).click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=step]')?.textContent ?? 0) >= 5, undefined, { timeout: 120_000 });
  await expect(page.getByTestId('run-error').count()).resolves.toBe(0);
  await page.getByRole('button', { name: 'Reset' }).click();
});

test('a batch past the bound is refused at the box; the console cannot start bad settings either', async () => {
  const { page, logs } = app;
  onTestFailed(() => console.error(logs.join('\n')));
  await page.goto(`${app.url}?backend=wasm`);
  await page.getByTestId('backend-name').waitFor({ timeout: 120_000 });
  const batch = page.getByLabel('Batch size', { exact: true });
  await batch.fill('10000000');
  await batch.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'Batch size:' }).textContent()).resolves.toBe(
    'Batch size: must be a whole number from 1 to 65,536, got 10000000 (Enter applies, Escape undoes)',
  );
  await batch.press('Escape');
  const refused = await page.evaluate(() => {
    const debug = (globalThis as unknown as { playground: { start(s: unknown): void; controller: { stores: { settings: { getState(): { settings: { batchSize: number } } } } } } }).playground;
    const before = debug.controller.stores.settings.getState().settings;
    debug.start({ ...before, batchSize: 1e7, dSteps: 0, gSteps: 0 });
    return debug.controller.stores.settings.getState().settings.batchSize;
  });
  expect(refused).toBe(defaultSettings('toy').batchSize);
  await expect(page.getByTestId('run-error').textContent()).resolves.toBe(
    'Not started: the run settings are not valid: batchSize: must be a whole number from 1 to 65,536, got 10000000; ' +
      'dSteps: both dSteps and gSteps are 0: nothing would train; set either to 1 or more.',
  );
  await expect(page.getByTestId('run-status').textContent()).resolves.not.toBe('Starting…');
});
