// The spec editor as a person uses it: errors at their fields, Apply only when valid, the
// JSON view, a pasted MMagic dict, a schedule's curve following the run, Start refusing a bad spec.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, onTestFailed, test } from 'vitest';
import type { LossSpec } from '../../src/manager/specValidation';
import { outputDir, useAppInBrowser } from './browser';

const app = useAppInBrowser();

test('edit, check and apply a spec; JSON view; paste a dict; the schedule marker moves; Start refuses a bad spec', async () => {
  const { page, logs } = app;
  onTestFailed(() => console.error(logs.join('\n')));
  await page.goto(app.url);
  const editor = page.getByRole('region', { name: 'Loss spec editor' });
  const apply = editor.getByRole('button', { name: /^Apply/ });
  await editor.getByRole('button', { name: 'Edit G_GAN' }).waitFor({ timeout: 60_000 });

  // A negative weight: the reason at the field, the field invalid, Apply disabled with the count.
  await editor.getByRole('button', { name: 'Edit G_GAN' }).click();
  const weight = editor.getByLabel('loss_weight of G_GAN');
  await weight.fill('-1');
  await expect(weight.getAttribute('aria-invalid')).resolves.toBe('true');
  const describedBy = (await weight.getAttribute('aria-describedby'))!;
  await expect(page.locator(`[id="${describedBy}"]`).textContent()).resolves.toContain('must be a finite number >= 0 (got -1)');
  await expect(apply.isDisabled()).resolves.toBe(true);
  await editor.getByText('1 problem: fix to apply').waitFor({ timeout: 10_000 });

  // A valid weight applies to the settings: the weight panel shows it.
  await weight.fill('0.5');
  await expect(weight.getAttribute('aria-invalid')).resolves.toBeNull();
  await apply.click();
  await expect(page.getByRole('region', { name: 'Loss weights' }).getByLabel('Weight of G_GAN', { exact: true }).inputValue()).resolves.toBe('0.5');

  // The JSON view edits the same draft; a syntax error is shown with its line and column.
  await editor.getByRole('button', { name: 'JSON', exact: true }).click();
  const json = editor.getByLabel('Spec as JSON');
  const text = await json.inputValue();
  expect(JSON.parse(text).losses[0].loss_weight).toBe(0.5);
  await json.fill(text.replace('"loss_weight": 0.5', '"loss_weight": 0.5,,'));
  await editor.getByText(/JSON syntax error at line \d+, column \d+: expected a "key" in double quotes/).waitFor({ timeout: 10_000 });
  await json.fill(text.replace('"loss_weight": 0.5', '"loss_weight": 2'));
  await editor.getByRole('button', { name: 'Form', exact: true }).click();
  await expect(editor.getByLabel('loss_weight of G_GAN').inputValue()).resolves.toBe('2');

  // A pasted MMagic dict becomes a D loss, its data_info mapped; the spec stays valid.
  await editor.getByText('Paste an MMagic loss config').click();
  await editor.getByLabel('MMagic loss dicts (Python)').fill(
    "dict(type='R1GradientPenalty', loss_weight=10. / 2. * 16, interval=16, norm_mode='HWC', data_info=dict(real_data='real_imgs', discriminator='disc'))",
  );
  await editor.getByRole('button', { name: 'Add losses' }).click();
  await expect(editor.getByLabel('loss_weight of D_R1GradientPenalty').inputValue()).resolves.toBe('80');
  await expect(editor.getByLabel('data_info for real_data of D_R1GradientPenalty (required)').inputValue()).resolves.toBe('real_imgs');
  await expect(editor.getByRole('radio', { name: 'D (discriminator)' }).last().isChecked()).resolves.toBe(true);
  await expect(apply.isDisabled()).resolves.toBe(false);

  // Export downloads the draft; an imported file replaces it, a broken one says where it broke.
  const [download] = await Promise.all([page.waitForEvent('download'), editor.getByRole('button', { name: 'Export spec (.json)' }).click()]);
  expect(download.suggestedFilename()).toBe('toy-log-loss.json');
  const [python] = await Promise.all([page.waitForEvent('download'), editor.getByRole('button', { name: 'Export as MMagic config (.py)' }).click()]);
  expect(python.suggestedFilename()).toBe('toy-log-loss.py');
  const file = editor.getByLabel('Import spec (.json)');
  await file.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{\n  "losses": [,]\n}') });
  await editor.getByText("broken.json: not JSON: line 2, column 14: expected a value, found ','").waitFor({ timeout: 10_000 });
  const exported = JSON.parse(await readFile((await download.path())!, 'utf8')) as LossSpec;
  await file.setInputFiles({ name: 'spec.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...exported, name: 'imported' })) });
  await expect.poll(() => editor.getByLabel('Spec name').inputValue()).toBe('imported');
  await expect(editor.getByRole('heading', { name: '4. D_R1GradientPenalty' }).count()).resolves.toBe(1);
  await editor.getByRole('button', { name: 'Edit G_GAN' }).click();

  // A schedule on G_GAN draws its curve; once applied and running, the marker follows the step.
  await editor.getByLabel('Schedule of G_GAN').selectOption('linear');
  await apply.click();
  const curve = editor.getByRole('img', { name: /^Weight schedule of G_GAN/ });
  await expect(curve.getAttribute('aria-label')).resolves.toContain('now step 0');
  await page.screenshot({ path: path.join(outputDir, 'spec-editor.png'), fullPage: true });
  await page.getByRole('button', { name: 'Start' }).click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=step]')?.textContent ?? 0) >= 5, undefined, { timeout: 120_000 });
  await expect.poll(async () => /now step [1-9]/.test((await curve.getAttribute('aria-label')) ?? ''), { timeout: 30_000 }).toBe(true);
  await page.getByRole('button', { name: 'Reset' }).click();

  // A spec that got into the settings another way (a link, the console) does not start.
  await page.evaluate(() => {
    const debug = (globalThis as unknown as { playground: { controller: { stores: { settings: { getState(): { settings: { spec: LossSpec }; setSpec(spec: LossSpec): void } } } } } }).playground;
    const state = debug.controller.stores.settings.getState();
    state.setSpec({ ...state.settings.spec, losses: state.settings.spec.losses.map((l, i) => (i === 0 ? { ...l, reduction: 'avg' } : l)) });
  });
  await page.getByRole('button', { name: /^(Start|Restart)$/ }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'The loss spec is invalid' }).textContent()).resolves.toMatch(/losses\[0\]\.reduction/);
  await expect(page.getByTestId('run-status').textContent()).resolves.not.toBe('Starting…');

  // The editor shows the spec in use and its problem; the problem's link focuses the field, and the keyboard fixes it.
  await editor.getByRole('list', { name: 'Problems in the spec' }).getByRole('button', { name: 'losses[0].reduction' }).click();
  await expect(page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).resolves.toBe('Remove key reduction of G_GAN');
  await page.keyboard.press('Enter');
  await expect(apply.isDisabled()).resolves.toBe(false);
  await apply.click();
  await page.getByRole('button', { name: /^(Start|Restart)$/ }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'The loss spec is invalid' }).count()).resolves.toBe(0);
});
