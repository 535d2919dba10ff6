// Reading runs over time and taking them away: each chart as PNG, SVG and CSV (the CSV's values
// are the history's), typed axis ranges, the zoom reset by a new run, the samples' step slider
// (an early frame differs from the last, and both survive a reload; the frame follows the chart
// cursor, with other runs shown too), and chart options, an
// added chart and the setup (in the URL) surviving a reload.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Download, Page } from 'playwright-core';
import { expect, onTestFailed, test } from 'vitest';
import { decodeLink } from '../../src/client/shareLink';
import { historySeries, outputDir, useAppInBrowser } from './browser';
import { linesByRun, storedRunId, storeRuns, toySettings } from './storedRuns';

const app = useAppInBrowser();

type Debug = { playground: { controller: import('../../src/client/playground').Playground } };

/** G_GAN at steps 0..999 is 1 + step / 1000, D_real 0.5: put straight into the page's history. */
function injectHistory(page: Page): Promise<void> {
  return page.evaluate(() => {
    const { history } = (globalThis as unknown as Debug).playground.controller.stores;
    const names = ['G_GAN', 'D_real'];
    const n = 1000 * names.length;
    const b = { names, loss: new Uint16Array(n), step: new Float64Array(n), value: new Float32Array(n), weight: new Float32Array(n), raw: new Float32Array(n), time: new Float64Array(n) };
    for (let s = 0; s < 1000; s++) {
      for (let k = 0; k < 2; k++) {
        const i = 2 * s + k;
        const v = k === 0 ? 1 + s / 1000 : 0.5;
        Object.assign(b.loss, { [i]: k });
        b.step[i] = s;
        b.value[i] = v;
        b.raw[i] = v;
        b.weight[i] = 1;
        b.time[i] = s * 10;
      }
    }
    history.getState().reset();
    history.getState().append(b);
  });
}

const domain = (page: Page, title: string, axis: 'x' | 'y') =>
  page.locator(`figure[aria-label="${title}"] g.series`).getAttribute(`data-${axis}-domain`).then((d) => d?.split(' ').map(Number));

async function download(page: Page, click: () => Promise<void>): Promise<{ download: Download; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), click()]);
  return { download: d, bytes: await readFile((await d.path())!) };
}

const frameSteps = (page: Page) => page.evaluate(() => (globalThis as unknown as Debug).playground.controller.stores.frames.getState().frames.map((f) => f.step));

test('a chart downloads as PNG, SVG and CSV (the history values), takes typed ranges, and a new run resets the zoom', async () => {
  const { page, logs } = app;
  onTestFailed(() => console.error(logs.join('\n')));
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${app.url}?backend=wasm`);
  await page.getByTestId('backend-name').waitFor({ timeout: 120_000 });
  await page.locator('figure[aria-label="G losses"]').waitFor({ timeout: 60_000 });
  await injectHistory(page);
  const g = page.locator('figure[aria-label="G losses"]');
  await expect.poll(() => g.locator('g.series').getAttribute('data-x-end'), { timeout: 10_000 }).toBe('999');

  await g.locator('summary[aria-label="Export and axes of G losses"]').click();
  await page.screenshot({ path: path.join(outputDir, 'chart-menu.png') });
  const csv = await download(page, () => g.getByRole('button', { name: 'Download CSV of G losses' }).click());
  expect(csv.download.suggestedFilename()).toBe('G_losses.csv');
  const rows = csv.bytes.toString('utf8').trim().split('\n').map((r) => r.split(','));
  expect(rows[0]).toEqual(['step', 'G_GAN', 'G_GAN (smoothed)']);
  expect(rows).toHaveLength(1001);
  const history = new Map(await historySeries(page, 'G_GAN'));
  for (const step of [0, 400, 999]) {
    const row = rows.find((r) => r[0] === String(step))!;
    expect(Math.fround(Number(row[1]))).toBe(history.get(step));
  }

  const png = await download(page, () => g.getByRole('button', { name: 'Download PNG of G losses' }).click());
  expect(png.download.suggestedFilename()).toBe('G_losses.png');
  expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const chartWidth = Number(await g.locator('svg.series-layer').getAttribute('width'));
  expect(png.bytes.readUInt32BE(16)).toBe(2 * chartWidth); // IHDR width, drawn at 2x

  const svg = await download(page, () => g.getByRole('button', { name: 'Download SVG of G losses' }).click());
  const text = svg.bytes.toString('utf8');
  expect(text).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  expect(text).toContain('G losses');
  expect(text).toMatch(/<path[^>]*data-role="main"[^>]*style="[^"]*stroke:/);
  // Standalone: the file alone, as an image on a blank page, renders at its size.
  const rendered = await app.context.newPage();
  await rendered.setContent(`<img src="data:image/svg+xml;base64,${svg.bytes.toString('base64')}">`);
  const size = await rendered.locator('img').evaluate(async (img: HTMLImageElement) => (await img.decode(), [img.naturalWidth, img.naturalHeight]));
  expect(size[0]).toBe(chartWidth);
  expect(size[1]).toBeGreaterThan(200);
  await rendered.close();

  // Typed ranges: x 100..300 and y 1..1.5 exactly; Auto goes back.
  const form = g.getByRole('form', { name: 'Axis ranges of G losses' });
  await form.getByLabel('x from (step)').fill('100');
  await form.getByLabel('x to').fill('300');
  await form.getByLabel('y from').fill('1');
  await form.getByLabel('y to').fill('1.5');
  await form.getByRole('button', { name: 'Apply' }).click();
  await expect.poll(() => domain(page, 'G losses', 'x')).toEqual([100, 300]);
  await expect.poll(() => domain(page, 'G losses', 'y')).toEqual([1, 1.5]);
  await form.getByLabel('y from').fill('abc');
  await form.getByRole('button', { name: 'Apply' }).click();
  await expect(form.getByRole('alert').textContent()).resolves.toBe('y: "abc" is not a finite number');
  await form.getByRole('button', { name: 'Auto' }).click();
  await expect.poll(() => domain(page, 'G losses', 'x')).toEqual([0, 1000]);
  await g.locator('summary').click();

  // Zoom by a drag, then start a new run: the zoom goes (it stayed on the last run's range).
  const hover = g.getByTestId('chart-hover');
  const box = (await hover.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
  await page.getByRole('button', { name: 'Reset zoom' }).waitFor({ timeout: 5000 });
  await page.getByRole('button', { name: 'Start' }).click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=step]')?.textContent ?? 0) >= 20, undefined, { timeout: 120_000 });
  await expect(page.getByRole('button', { name: 'Reset zoom' }).count()).resolves.toBe(0);
  await expect.poll(() => domain(page, 'G losses', 'x').then((d) => d?.[0])).toBe(0);
});

test('the samples step slider shows an early frame unlike the last, downloads it, and both survive a reload', async () => {
  const { page, logs } = app;
  onTestFailed(() => console.error(logs.join('\n')));
  // The toy plane draws only while in view, and here it follows a chart's cursor: the whole page
  // in view at once (its height as laid out at 900 px), so the G chart and the plane both are.
  await page.setViewportSize({ width: 1280, height: await page.evaluate(() => document.documentElement.scrollHeight) });
  // The first test's run trains on: let it make a few frames, then pause it.
  await expect.poll(() => frameSteps(page).then((s) => s.length), { timeout: 120_000, interval: 500 }).toBeGreaterThanOrEqual(6);
  await page.getByRole('button', { name: 'Pause' }).click({ force: true });
  await page.getByTestId('run-status').filter({ hasText: 'Paused' }).waitFor({ timeout: 30_000 });
  const samples = page.getByRole('region', { name: 'Samples' });
  const canvas = samples.locator('canvas[role=img]').first();
  const slider = samples.getByTestId('frame-slider');
  const steps = await frameSteps(page);
  const shownStep = async () => Number(/at step (\d+)/.exec((await canvas.getAttribute('aria-label')) ?? '')?.[1]);

  await slider.press('End');
  await expect.poll(shownStep).toBe(steps.at(-1));
  const last = await canvas.evaluate((c: HTMLCanvasElement) => c.toDataURL());
  await slider.press('Home');
  await expect.poll(shownStep).toBe(steps[0]);
  await expect(samples.getByTestId('frame-step').getAttribute('data-step')).resolves.toBe(String(steps[0]));
  const first = await canvas.evaluate((c: HTMLCanvasElement) => c.toDataURL());
  expect(first).not.toBe(last);
  await page.screenshot({ path: path.join(outputDir, 'frames-early.png') });
  const png = await download(page, () => samples.getByRole('button', { name: 'Download PNG' }).click());
  expect(png.download.suggestedFilename()).toBe(`samples_step_${steps[0]}.png`);
  expect([...png.bytes.subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);

  // Stored every 2 s: wait for the last write, then reload.
  await page.waitForTimeout(2500);
  await page.reload();
  await page.getByTestId('backend-name').waitFor({ timeout: 120_000 });
  await expect.poll(() => frameSteps(page), { timeout: 30_000 }).toEqual(steps);
  await slider.press('Home');
  await expect.poll(shownStep).toBe(steps[0]);
  expect(await canvas.evaluate((c: HTMLCanvasElement) => c.toDataURL())).toBe(first);

  // Pointing at a chart shows the frame nearest the cursor's step, and says the cursor's step.
  const hover = page.locator('figure[aria-label="G losses"]').getByTestId('chart-hover');
  await hover.scrollIntoViewIfNeeded();
  const box = (await hover.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.45, box.y + box.height / 2);
  const cursor = Number(await page.locator('figure[aria-label="G losses"]').getByTestId('chart-tooltip').getAttribute('data-step'));
  const nearest = steps.reduce((best, s) => (Math.abs(s - cursor) < Math.abs(best - cursor) ? s : best));
  await expect.poll(shownStep).toBe(nearest);
  await expect(samples.getByTestId('frame-step').textContent()).resolves.toContain(`chart cursor at step ${cursor}`);
  await page.mouse.move(0, 0);

  // With another run shown, longer than the open one: the cursor snaps to that run's steps, and
  // the samples show the open run's frame nearest it (its last one past its end).
  const longer = 2 * steps.at(-1)! + 100;
  await storeRuns(page, [{ n: 90, createdAt: Date.UTC(2026, 0, 1), settings: toySettings, steps: longer, offset: 1, shown: true }]);
  await page.reload();
  await page.getByTestId('backend-name').waitFor({ timeout: 120_000 });
  await expect.poll(() => frameSteps(page), { timeout: 30_000 }).toEqual(steps);
  const open = await page.evaluate(() => (globalThis as unknown as Debug).playground.controller.stores.runs.getState().currentRunId);
  await expect.poll(() => linesByRun(page, 'G losses').then((r) => Object.keys(r).sort()), { timeout: 30_000 }).toEqual([open, storedRunId(90)].sort());
  for (const share of [0.25, 0.95]) {
    const at = (await hover.boundingBox())!;
    await page.mouse.move(at.x + at.width * share, at.y + at.height / 2);
    const tooltip = page.locator('figure[aria-label="G losses"]').getByTestId('chart-tooltip');
    await expect.poll(async () => Number(await tooltip.getAttribute('data-step')), { timeout: 5000 }).toBeGreaterThan(share * longer - longer / 20);
    const step = Number(await tooltip.getAttribute('data-step'));
    const near = steps.reduce((best, s) => (Math.abs(s - step) < Math.abs(best - step) ? s : best));
    if (share > 0.5) expect(near).toBe(steps.at(-1));
    await expect.poll(shownStep).toBe(near);
    await expect(samples.getByTestId('frame-step').getAttribute('data-step')).resolves.toBe(String(near));
    await expect(samples.getByTestId('frame-step').textContent()).resolves.toContain(`chart cursor at step ${step.toLocaleString('en-US')}`);
  }
  await page.screenshot({ path: path.join(outputDir, 'frames-cursor-two-runs.png') });
  await page.mouse.move(0, 0);
  await expect.poll(() => samples.getByTestId('frame-step').textContent()).not.toContain('chart cursor');
});

test('chart options, an added chart and the setup survive a reload', async () => {
  const { page, logs } = app;
  onTestFailed(() => console.error(logs.join('\n')));
  await page.getByRole('slider', { name: 'Smoothing', exact: true }).press('Home');
  await page.getByRole('checkbox', { name: 'Log scale', exact: true }).check();
  await page.getByLabel('Chart of one loss').selectOption('G_GAN');
  await page.getByRole('button', { name: 'Add chart' }).click();
  await page.locator('figure[aria-label="G_GAN"]').waitFor();
  const seed = page.getByLabel('Seed', { exact: true });
  await seed.fill('4242');
  await seed.press('Enter');
  // The address follows (debounced): its setup is the page's.
  await expect.poll(() => page.evaluate(() => location.hash), { timeout: 5000 }).toMatch(/^#setup=/);
  await expect.poll(async () => decodeLink(new URL(page.url())).settings?.seed, { timeout: 5000 }).toBe(4242);

  await page.reload();
  await page.getByTestId('backend-name').waitFor({ timeout: 120_000 });
  await page.locator('figure[aria-label="G_GAN"]').waitFor({ timeout: 30_000 });
  await expect(page.getByRole('checkbox', { name: 'Log scale', exact: true }).isChecked()).resolves.toBe(true);
  await expect(page.getByRole('slider', { name: 'Smoothing', exact: true }).inputValue()).resolves.toBe('0');
  await expect(seed.inputValue()).resolves.toBe('4242');
});
