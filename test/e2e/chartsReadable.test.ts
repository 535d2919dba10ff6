// The charts as a new user first sees them (toy GAN, defaults, wasm): every smoothed curve in
// full inside its plot, with "Ignore outliers" on, and the lines of a chart in colours told apart
// at a glance (issue 15, "Readable by default").
import path from 'node:path';
import { expect, onTestFailed, test } from 'vitest';
import { minPairDistance } from '../../src/ui/charts/colorDistance';
import { DEFAULT_CHART_OPTIONS } from '../../src/ui/charts/options';
import { MIN_COLOR_DISTANCE } from '../../src/ui/charts/palette';
import { smoothEma } from '../../src/ui/charts/smoothEma';
import { historySeries, outputDir, useAppInBrowser } from './browser';

const app = useAppInBrowser();

interface DrawnCurves {
  title: string;
  plot: { x: number; y: number; width: number; height: number };
  /** Each smoothed path's points, in the chart's pixels. */
  smoothed: { color: string; points: [number, number][] }[];
  /** The stroke of every line in the legend (main and overlay). */
  colors: string[];
}

test('after 1,500 default toy steps every smoothed point is inside its plot, and a chart\'s colours differ', { timeout: 300_000 }, async () => {
  const { page, logs } = app;
  onTestFailed(() => console.error(logs.join('\n')));
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${app.url}?backend=wasm`);
  await page.getByTestId('backend-name').waitFor({ timeout: 120_000 });
  await page.getByRole('button', { name: /^(Start|Restart)$/ }).click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=step]')?.textContent ?? 0) >= 1500, undefined, { timeout: 240_000, polling: 200 });
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByText('Paused', { exact: true }).waitFor({ timeout: 30_000 });
  // Every chart in view (charts out of view do not redraw), then the last batch drawn: the loss
  // charts redraw at most 3 times a second, the gradient and quality charts once a second.
  await page.setViewportSize({ width: 1280, height: 5000 });
  await page.waitForTimeout(2500);
  const charts: DrawnCurves[] = await page.evaluate(() =>
    [...document.querySelectorAll('figure')].flatMap((f) => {
      const rect = f.querySelector('g.series clipPath rect');
      if (!rect) return [];
      const num = (a: string) => Number(rect.getAttribute(a));
      const paths = [...f.querySelectorAll('g.series path')];
      const points = (d: string) => [...d.matchAll(/[ML](-?[\d.]+) (-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])] as [number, number]);
      return [{
        title: f.getAttribute('aria-label') ?? '',
        plot: { x: num('x'), y: num('y'), width: num('width'), height: num('height') },
        smoothed: paths.filter((p) => p.getAttribute('data-role') === 'main').map((p) => ({ color: p.getAttribute('stroke') ?? '', points: points(p.getAttribute('d') ?? '') })),
        colors: paths.filter((p) => ['main', 'overlay'].includes(p.getAttribute('data-role') ?? '')).map((p) => p.getAttribute('stroke') ?? ''),
      }];
    }),
  );
  await page.screenshot({ path: path.join(outputDir, 'charts-readable.png'), fullPage: true });
  console.info(`charts: ${charts.map((c) => `${c.title}: ${c.smoothed.length} curves, ${c.smoothed.map((s) => s.points.length).join('/')} points, colours ${c.colors.join(' ')} (min dE00 ${minPairDistance(c.colors).toFixed(1)})`).join('; ')}`);

  expect(charts.map((c) => c.title)).toEqual(expect.arrayContaining(['G losses', 'D losses']));
  for (const c of charts) {
    expect(c.smoothed.length, c.title).toBeGreaterThan(0);
    // Paths are rounded to 0.1 px.
    const outside = c.smoothed.flatMap((s) =>
      s.points.filter(([x, y]) => x < c.plot.x - 0.05 || x > c.plot.x + c.plot.width + 0.05 || y < c.plot.y - 0.05 || y > c.plot.y + c.plot.height + 0.05),
    );
    // The loss charts have a point per step; the quality metrics one per metricsEvery (200) steps.
    const perStep = !c.title.startsWith('Quality:');
    expect(c.smoothed.every((s) => s.points.length > (perStep ? 100 : 3)), c.title).toBe(true);
    expect(outside, `${c.title}: smoothed points outside the plot ${JSON.stringify(c.plot)}`).toEqual([]);
    expect(minPairDistance(c.colors), `${c.title}: colours ${c.colors.join(' ')}`).toBeGreaterThanOrEqual(MIN_COLOR_DISTANCE);
  }
  // The D chart draws D_real and D_fake: two colours to tell apart.
  expect(charts.find((c) => c.title === 'D losses')!.colors.length).toBeGreaterThanOrEqual(2);

  // Issue 14: over these 1,500 default steps (ring of 8) the Quality chart shows JS, and its
  // smoothed curve, as the chart smooths it, ends below where it started.
  expect(charts.map((c) => c.title)).toContain('Quality: KL and JS to the target (bits)');
  const js = await historySeries(page, 'metric/JS');
  expect(js.length).toBeGreaterThanOrEqual(7); // every 200 steps
  const smoothed = smoothEma(js.map(([, v]) => v), DEFAULT_CHART_OPTIONS.smoothing);
  console.info(`metric/JS: ${js.map(([step, v]) => `${step}: ${v.toFixed(3)}`).join(', ')}; smoothed ${smoothed[0]!.toFixed(3)} -> ${smoothed.at(-1)!.toFixed(3)}`);
  expect(smoothed.at(-1)!).toBeLessThan(smoothed[0]!);
});
