// The hover readout: pointing at a chart shows, at the nearest logged step, each series' value
// from the full history, and the cursor line at that step on every other chart; arrow keys move it;
// each series' smoothed and logged values are the chart's CSV's at that step.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, onTestFailed, test } from 'vitest';
import { formatY } from '../../src/ui/charts/xAxis';
import { outputDir, useAppInBrowser } from './browser';

const app = useAppInBrowser();

/** G_GAN's known value at a step (raw = weighted: weight 1). */
const gValue = (step: number) => 1 + step / 1000;

test('hovering a chart reads the known values at the nearest step, and the cursor shows on the other charts', async () => {
  const { page, logs } = app;
  onTestFailed(() => console.error(logs.join('\n')));
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(app.url);
  await page.getByTestId('backend-name').waitFor({ timeout: 120_000 });
  await page.locator('figure[aria-label="G losses"]').waitFor({ timeout: 60_000 });
  // The toy's losses at steps 0, 1, ..., 999, straight into the page's history store.
  await page.evaluate(() => {
    type Batch = { names: string[]; loss: Uint16Array; step: Float64Array; value: Float32Array; weight: Float32Array; raw: Float32Array; time: Float64Array };
    const { history } = (globalThis as unknown as { playground: { controller: { stores: { history: { getState(): { reset(): void; append(b: Batch): void } } } } } }).playground
      .controller.stores;
    const names = ['G_GAN', 'D_real', 'D_fake'];
    const steps = 1000;
    const n = steps * names.length;
    const b: Batch = { names, loss: new Uint16Array(n), step: new Float64Array(n), value: new Float32Array(n), weight: new Float32Array(n), raw: new Float32Array(n), time: new Float64Array(n) };
    for (let s = 0; s < steps; s++) {
      for (let k = 0; k < names.length; k++) {
        const i = s * names.length + k;
        // G_GAN: 1 + step / 1000 (gValue); D_real and D_fake: 0.5 and 0.25 + a small wave.
        const v = k === 0 ? 1 + s / 1000 : k === 1 ? 0.5 + 0.1 * Math.sin(s / 50) : 0.25 + 0.1 * Math.cos(s / 50);
        b.loss[i] = k;
        b.step[i] = s;
        b.raw[i] = v;
        b.value[i] = v;
        b.weight[i] = 1;
        b.time[i] = s * 10;
      }
    }
    history.getState().reset();
    history.getState().append(b);
  });
  const g = page.locator('figure[aria-label="G losses"]');
  const d = page.locator('figure[aria-label="D losses"]');
  await expect.poll(() => g.locator('g.series').getAttribute('data-x-end'), { timeout: 10_000 }).toBe('999');
  const hover = g.getByTestId('chart-hover');
  const box = (await hover.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2);

  const tooltip = g.getByTestId('chart-tooltip');
  await tooltip.waitFor({ timeout: 5000 });
  const step = Number(await tooltip.getAttribute('data-step'));
  // 40% of an x axis of [0, 1000] (999 rounded out to whole ticks), within a pixel column.
  expect(Math.abs(step - 400)).toBeLessThanOrEqual(Math.ceil(1000 / box.width));
  await expect.poll(() => tooltip.locator('div').first().textContent()).toBe(`Step ${step}`);
  const row = tooltip.locator('tr[data-key="G_GAN:main"] td');
  // Smoothed and logged value; the logged one is the history's, to float32.
  await expect.poll(() => row.nth(2).textContent()).toBe(formatY(Math.fround(gValue(step))));
  expect(Number(await row.nth(2).getAttribute('data-value'))).toBe(Math.fround(gValue(step)));
  await expect.poll(() => row.nth(3).textContent()).toBe(String(step));
  // The other charts: the cursor line at the same step, no readout.
  await expect.poll(() => d.getByTestId('chart-cursor').getAttribute('data-step')).toBe(String(step));
  await expect.poll(() => d.getByTestId('chart-tooltip').count()).toBe(0);
  await page.screenshot({ path: path.join(outputDir, 'chart-hover.png') });

  // Arrow keys move the cursor one logged step; leaving the chart clears it.
  await hover.focus();
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => tooltip.getAttribute('data-step')).toBe(String(step + 1));
  await expect.poll(() => row.nth(2).textContent()).toBe(formatY(Math.fround(gValue(step + 1))));
  await expect.poll(() => d.getByTestId('chart-cursor').getAttribute('data-step')).toBe(String(step + 1));
  await page.keyboard.press('Shift+ArrowLeft');
  await expect.poll(() => tooltip.getAttribute('data-step')).toBe(String(step - 9));
  await page.mouse.move(0, 0);
  await hover.blur();
  await expect.poll(() => d.getByTestId('chart-cursor').count()).toBe(0);
});

test('a drag zooms every chart to the same x range, y rescaled; a double-click zooms back out', async () => {
  const { page, logs } = app;
  onTestFailed(() => console.error(logs.join('\n')));
  // The first test's history (steps 0..999) is still in the page.
  const domain = (title: string, axis: 'x' | 'y') =>
    page.locator(`figure[aria-label="${title}"] g.series`).getAttribute(`data-${axis}-domain`).then((d) => d?.split(' ').map(Number));
  expect(await domain('G losses', 'x')).toEqual([0, 1000]);
  const gYBefore = (await domain('G losses', 'y'))!;
  const hover = page.locator('figure[aria-label="G losses"]').getByTestId('chart-hover');
  const box = (await hover.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2, { steps: 5 });
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect.poll(() => domain('G losses', 'x')).not.toEqual([0, 1000]);
  const zoomed = (await domain('G losses', 'x'))!;
  // 20%..60% of [0, 1000], to within a pixel.
  const px = 1000 / box.width;
  expect(Math.abs(zoomed[0]! - 200)).toBeLessThanOrEqual(px);
  expect(Math.abs(zoomed[1]! - 600)).toBeLessThanOrEqual(px);
  await expect.poll(() => domain('D losses', 'x')).toEqual(zoomed);
  // G_GAN is 1 + step / 1000: in view only 1.2..1.6, so the y axis narrows from 1..2 to about that.
  const gY = (await domain('G losses', 'y'))!;
  expect(gY[1]! - gY[0]!).toBeLessThan(gYBefore[1]! - gYBefore[0]!);
  expect(gY[0]).toBeGreaterThanOrEqual(1.05);
  expect(gY[1]).toBeLessThanOrEqual(1.75);
  await page.screenshot({ path: path.join(outputDir, 'chart-zoom.png') });

  await page.locator('figure[aria-label="D losses"]').getByTestId('chart-hover').dblclick();
  await expect.poll(() => domain('G losses', 'x')).toEqual([0, 1000]);
  await expect.poll(() => domain('D losses', 'x')).toEqual([0, 1000]);
});

test("hovering at a step shows every series' smoothed and logged value as the chart's CSV has it there (4 significant digits)", async () => {
  const { page, logs } = app;
  onTestFailed(() => console.error(logs.join('\n')));
  // The first test's history (steps 0..999) is still in the page; D_real and D_fake are waves,
  // so smoothed and logged values differ.
  const d = page.locator('figure[aria-label="D losses"]');
  await d.scrollIntoViewIfNeeded();
  await d.locator('summary[aria-label="Export and axes of D losses"]').click();
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), d.getByRole('button', { name: 'Download CSV of D losses' }).click()]);
  await d.locator('summary[aria-label="Export and axes of D losses"]').click();
  const [head, ...lines] = (await readFile((await download.path())!, 'utf8')).trim().split('\n').map((l) => l.split(','));
  expect(head).toEqual(['step', 'D_real', 'D_real (smoothed)', 'D_fake', 'D_fake (smoothed)']);
  const csv = new Map(lines.map((l) => [Number(l[0]), l.map(Number)]));

  const hover = d.getByTestId('chart-hover');
  const box = (await hover.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.63, box.y + box.height / 2);
  const tooltip = d.getByTestId('chart-tooltip');
  await tooltip.waitFor({ timeout: 5000 });
  const step = Number(await tooltip.getAttribute('data-step'));
  const row = csv.get(step)!;
  expect(row, `CSV row at step ${step}`).toBeDefined();
  const fourDigits = (x: number) => Number(x.toPrecision(4)).toString();
  const keys = await tooltip.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-key')));
  expect(keys.sort()).toEqual(['D_fake:main', 'D_real:main']);
  for (const [name, column] of [['D_real', 1], ['D_fake', 3]] as const) {
    const cells = tooltip.locator(`tr[data-key="${name}:main"] td`);
    expect(fourDigits(row[column]!), 'smoothed and logged apart here, so each is checked').not.toBe(fourDigits(row[column + 1]!));
    // Shown as the CSV's value to 4 significant digits: the logged value, then the smoothed one.
    await expect(cells.nth(2).textContent()).resolves.toBe(fourDigits(row[column]!));
    await expect(cells.nth(1).textContent()).resolves.toBe(fourDigits(row[column + 1]!));
    await expect(cells.nth(3).textContent()).resolves.toBe(String(step));
  }
  await page.mouse.move(0, 0);
});
