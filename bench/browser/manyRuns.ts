// Many runs overlaid (issue 15): 8 stored runs of 100,000 steps (3 losses each) shown at once,
// the page reloaded onto them, then hovered and zoomed as test/e2e/manyRuns.test.ts does (the
// same helpers). Each main-thread task's wall and CPU time come from a Chrome trace: on a
// machine shared with other jobs a task's wall time counts waiting for a core, its CPU time is
// the page's own work.
import { mainThreadTasks } from '../../test/e2e/mainThreadTasks';
import { hoverAndZoom, linesByRun, openApp as appReady, storeRuns, toySettings } from '../../test/e2e/storedRuns';
import { fmt, type BenchContext } from '../context';
import type { ManyRunsResult, TaskSummary } from '../types';
import { openApp } from './app';
import { summarizeTasks } from './taskSummary';

const RUNS = 8;
const STEPS = 100_000;

const describe = (s: TaskSummary) =>
  `longest task ${fmt.ms(s.longestWallMs)} ms wall / ${fmt.ms(s.longestCpuMs)} ms CPU, ${s.over50WallMs} over 50 ms wall, ${s.over50CpuMs} over 50 ms CPU`;

export async function manyRuns(ctx: BenchContext, url: string): Promise<ManyRunsResult> {
  const base = { runs: RUNS, stepsPerRun: STEPS } as const;
  const app = await openApp(url);
  try {
    const { page } = app;
    await page.setViewportSize({ width: 1280, height: 1200 });
    await appReady(page);
    const runs = Array.from({ length: RUNS }, (_, i) => ({ n: 11 + i, createdAt: Date.UTC(2026, 2, 1 + i), settings: { ...toySettings, batchSize: 500 + i, seed: i }, steps: STEPS, offset: i / 4, shown: true }));
    await storeRuns(page, runs, true);
    ctx.log(`many-runs: ${RUNS} runs x ${STEPS.toLocaleString('en-US')} steps stored; reloading onto them`);

    // From the reload to every run's line in both charts: reading 2.4 million values from
    // IndexedDB, building each series' smoothing and summaries, the first draw.
    let firstDrawMs = 0;
    const drawn = async (title: string) => Object.keys(await linesByRun(page, title)).length === RUNS;
    const loading = await mainThreadTasks(
      page,
      async () => {
        const t0 = performance.now();
        await page.reload();
        await appReady(page);
        const end = t0 + 180_000;
        while (!((await drawn('G losses')) && (await drawn('D losses')))) {
          if (performance.now() > end) throw new Error(`the ${RUNS} runs were not all drawn within 180 s`);
          await page.waitForTimeout(50);
        }
        firstDrawMs = performance.now() - t0;
      },
      0,
    );
    const load = summarizeTasks(loading);
    ctx.log(`many-runs: first draw ${fmt.ms(firstDrawMs)} ms after the reload; while loading: ${describe(load)}`);

    await page.waitForTimeout(2000);
    let rows = 0;
    const t1 = performance.now();
    const reading = await mainThreadTasks(page, async () => void ({ rows } = await hoverAndZoom(page, 'G losses')), 0);
    const interaction = { ...summarizeTasks(reading), seconds: (performance.now() - t1) / 1000, tooltipRows: rows };
    ctx.log(`many-runs: ${interaction.seconds.toFixed(1)} s of hovering and zooming, ${rows} tooltip rows; ${describe(interaction)}`);
    return { ...base, status: rows === RUNS ? 'ok' : 'failed', ...(rows === RUNS ? {} : { note: `the tooltip listed ${rows} rows, not ${RUNS}` }), firstDrawMs, load, interaction };
  } catch (error) {
    return { ...base, status: 'failed', note: `${error instanceof Error ? error.message : String(error)}${app.logs.length > 0 ? ` (page: ${app.logs.slice(-3).join('; ')})` : ''}` };
  } finally {
    await app.close();
  }
}
