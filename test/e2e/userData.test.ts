// The user's own data from the page: points drawn on a canvas, and A|B image files.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encode } from 'fast-png';
import { afterAll, expect, onTestFailed, test } from 'vitest';
import type { EventSummary } from '../../src/app/eventSummary';
import { outputDir, useAppInBrowser } from './browser';

let dir: string;

const app = useAppInBrowser(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pairs-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Waits until the worker has sent history for `name` and returns how many values arrived. */
async function valuesOf(name: string): Promise<number> {
  return app.page.evaluate(
    (loss) =>
      new Promise<number>((resolve, reject) => {
        const debug = (globalThis as unknown as { playground: { events: EventSummary[] } }).playground;
        const started = Date.now();
        const poll = () => {
          const failed = debug.events.find((e) => e.type === 'failed' || e.type === 'stopped');
          if (failed) return reject(new Error(failed.message));
          // History summaries: each batch's losses and how many values each had.
          const n = debug.events.reduce((count, e) => (e.type === 'history' ? count + (e.counts[e.names.indexOf(loss)] ?? 0) : count), 0);
          if (n >= 2) return resolve(n);
          if (Date.now() - started > 120_000) return reject(new Error('no history'));
          setTimeout(poll, 100);
        };
        poll();
      }),
    name,
  );
}

test('the toy GAN trains on points drawn on the canvas, or typed', async () => {
  const { page, logs } = app;
  onTestFailed(() => console.error(logs.join('\n')));
  await page.goto(`${app.url}?backend=cpu`);
  const canvas = page.getByRole('img', { name: /Drawing area for target points/ });
  await canvas.click({ position: { x: 60, y: 60 } });
  await canvas.click({ position: { x: 180, y: 180 } });
  await canvas.click({ position: { x: 120, y: 40 } });
  await expect(canvas.getAttribute('aria-label')).resolves.toMatch(/3 points drawn/);
  // The same points as text, typed instead of clicked: a bad line is named, a good list replaces the drawing.
  await page.getByText('Type the points instead').click();
  const box = page.getByLabel('Target points, one "x y" per line, each from -1 to 1');
  await expect(box.inputValue()).resolves.toMatch(/^-?[\d.]+ -?[\d.]+\n-?[\d.]+ -?[\d.]+\n-?[\d.]+ -?[\d.]+$/);
  await box.fill('0.5 0.5\n-0.5 -0.5\n2 0');
  await page.getByRole('button', { name: 'Use these points' }).click();
  await page.getByRole('alert').filter({ hasText: 'line 3: "2 0" is outside the plane: x and y go from -1 to 1' }).waitFor();
  await box.fill('0.5 0.5\n-0.5 -0.5');
  await page.getByRole('button', { name: 'Use these points' }).click();
  await expect(canvas.getAttribute('aria-label')).resolves.toMatch(/: 2 points drawn$/);
  await page.getByRole('button', { name: 'Start' }).click();
  expect(await valuesOf('G_GAN')).toBeGreaterThanOrEqual(2);
});

test("pix2pix trains on the user's own A|B image files", async () => {
  const { page, logs } = app;
  onTestFailed(() => console.error(logs.join('\n')));
  // One 64 x 32 A|B image: A a black square on white, B the same square in red.
  const data = new Uint8Array(64 * 32 * 4);
  for (let y = 0; y < 32; y++) {
    for (let x = 0; x < 64; x++) {
      const inside = x % 32 > 8 && x % 32 < 24 && y > 8 && y < 24;
      const rgb = x < 32 ? (inside ? [0, 0, 0] : [255, 255, 255]) : inside ? [220, 30, 30] : [255, 255, 255];
      data.set([...rgb, 255], 4 * (y * 64 + x));
    }
  }
  const file = path.join(dir, 'square.png');
  await writeFile(file, encode({ width: 64, height: 32, data, channels: 4 }));
  await page.goto(`${app.url}?backend=cpu`);
  await page.getByLabel('Model family').selectOption('pix2pix');
  await page.getByLabel(/Your own A\|B images/).setInputFiles(file);
  await page.getByText('1 pair loaded').waitFor();
  await page.getByLabel('Batch size').fill('1');
  await page.getByRole('button', { name: 'Start' }).click();
  expect(await valuesOf('G_L1')).toBeGreaterThanOrEqual(2);
  // G_L1's per-pixel map is drawn as a heat map, with its colour scale's range written out.
  const heat = page.getByRole('img', { name: /^Loss map of G_L1 at step \d+$/ });
  await heat.waitFor({ timeout: 60_000 });
  const scaleId = (await heat.getAttribute('aria-describedby'))!.split(' ')[0]!;
  await expect(page.evaluate((id) => document.getElementById(id)?.textContent, scaleId)).resolves.toMatch(/^from -?[\d.]+(e-?\d+)?to -?[\d.]+/);
  // Every card has the same controls: their names say whose they are.
  await expect(page.getByLabel("Range of G_L1's colours").inputValue()).resolves.toBe('auto');
  await expect(page.getByLabel('Channels of G_L1').inputValue()).resolves.toBe('mean');
  await page.screenshot({ path: path.join(outputDir, 'user-pairs-loss-maps.png'), fullPage: true });
});
