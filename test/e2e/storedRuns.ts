// Runs written straight into the page's runs database, as the archive stores them, and what the
// charts draw of them: for the many-runs browser tests and the bench's many-runs section (so
// both measure the same page doing the same thing). No vitest here: the bench imports it.
import type { Page } from 'playwright-core';
import { HISTORY_RECORD_VALUES, RUNS_DB_NAME, RUNS_DB_VERSION } from '../../src/client/archive/runsDb';
import { defaultSettings } from '../../src/protocol/presets';

export const toySettings = defaultSettings('toy');

/** The id storeRuns gives run n. */
export const storedRunId = (n: number) => `run-e2e-${n}`;

/** A run to store: steps 0..steps-1 of G_GAN, D_real and D_fake, each `offset` + a wave. */
export interface StoredRun {
  readonly n: number;
  readonly createdAt: number;
  readonly settings: typeof toySettings;
  readonly steps: number;
  readonly offset: number;
  readonly shown?: boolean;
}

/** Run n's value of loss k at a step (what storeRuns writes, before float32). */
export const valueAt = (offset: number, k: number, step: number) => offset + 0.1 * k + 0.05 * Math.sin(step / 40 + k);

/** Writes runs straight into the page's runs database (as the archive stores them); `clear` empties it first. Reload to see them. */
export async function storeRuns(page: Page, runs: readonly StoredRun[], clear = false): Promise<void> {
  await page.evaluate(
    async ({ runs, clear, ids, dbName, dbVersion, pieceValues }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(dbName, dbVersion);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const names = ['G_GAN', 'D_real', 'D_fake'];
      for (const [i, r] of runs.entries()) {
        const n = r.steps * names.length;
        const batch = { names, loss: new Uint16Array(n), step: new Float64Array(n), value: new Float32Array(n), weight: new Float32Array(n), raw: new Float32Array(n), time: new Float64Array(n) };
        for (let s = 0; s < r.steps; s++) {
          for (let k = 0; k < names.length; k++) {
            const j = s * names.length + k;
            const v = r.offset + 0.1 * k + 0.05 * Math.sin(s / 40 + k);
            batch.loss[j] = k;
            batch.step[j] = s;
            batch.value[j] = v;
            batch.raw[j] = v;
            batch.weight[j] = 1;
            batch.time[j] = s * 10;
          }
        }
        const tx = db.transaction(['runs', 'history'], 'readwrite');
        if (clear && i === 0) {
          tx.objectStore('runs').clear();
          tx.objectStore('history').clear();
        }
        const meta = {
          id: ids[i], number: r.n, name: `Run ${r.n}`, createdAt: r.createdAt, updatedAt: r.createdAt, settings: r.settings, family: 'toy', specName: r.settings.spec.name ?? null,
          spec: r.settings.spec, backend: 'wasm', lastStep: r.steps - 1, status: 'stopped', marks: [], checkpoint: null, imported: null, chunks: Math.ceil(n / pieceValues), shown: r.shown ?? false,
        };
        tx.objectStore('runs').put(meta);
        // In records of at most pieceValues values, as the archive writes a long batch (runsDb.ts).
        for (let from = 0, seq = 0; from < n; from += pieceValues, seq++) {
          const piece = Object.fromEntries(Object.entries(batch).map(([key, column]) => [key, key === 'names' ? column : (column as Float64Array).slice(from, from + pieceValues)]));
          tx.objectStore('history').put({ runId: ids[i], seq, batch: piece });
        }
        await new Promise((resolve, reject) => {
          tx.oncomplete = resolve;
          tx.onerror = () => reject(tx.error);
        });
      }
      db.close();
    },
    { runs, clear, ids: runs.map((r) => storedRunId(r.n)), dbName: RUNS_DB_NAME, dbVersion: RUNS_DB_VERSION, pieceValues: HISTORY_RECORD_VALUES },
  );
}

/**
 * Each drawn path of a chart: its run, role and stroke (a band's fill). The chart is scrolled
 * into view first: a chart out of view is not redrawn (a click in the run list scrolls it away).
 */
export async function chartPaths(page: Page, title: string): Promise<{ run: string; role: string; color: string; d: string }[]> {
  await page.locator(`figure[aria-label="${title}"]`).scrollIntoViewIfNeeded();
  return page.evaluate((t) => {
    const figure = [...document.querySelectorAll('figure')].find((f) => f.getAttribute('aria-label') === t);
    return [...(figure?.querySelectorAll('g.series path') ?? [])].map((p) => ({
      run: p.getAttribute('data-run') ?? '',
      role: p.getAttribute('data-role') ?? '',
      color: p.getAttribute('stroke') === 'none' ? (p.getAttribute('fill') ?? '') : (p.getAttribute('stroke') ?? ''),
      d: p.getAttribute('d') ?? '',
    }));
  }, title);
}

/** Paths per run (main and other runs' lines; no faint copies, no bands). */
export async function linesByRun(page: Page, title: string): Promise<Record<string, { count: number; colors: string[] }>> {
  const out: Record<string, { count: number; colors: string[] }> = {};
  for (const p of await chartPaths(page, title)) {
    if (p.role !== 'main' && p.role !== 'overlay') continue;
    const entry = (out[p.run] ??= { count: 0, colors: [] });
    entry.count++;
    if (!entry.colors.includes(p.color)) entry.colors.push(p.color);
  }
  return out;
}

/** Waits for the page's backend and its G chart. */
export async function openApp(page: Page): Promise<void> {
  await page.getByTestId('backend-name').waitFor({ timeout: 120_000 });
  await page.locator('figure[aria-label="G losses"]').waitFor({ timeout: 60_000 });
}

/** A chart's x domain as drawn ("0 100000"). */
const xDomain = (page: Page, title: string) => page.locator(`figure[aria-label="${title}"] g.series`).getAttribute('data-x-domain');

async function until(test: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * What a person reading runs does: the pointer swept across a chart (31 moves, 40 ms apart),
 * a drag-zoom to the middle fifth, a sweep there, a double-click back out. Returns the rows the
 * tooltip listed after the first sweep.
 */
export async function hoverAndZoom(page: Page, title: string): Promise<{ rows: number }> {
  const chart = page.locator(`figure[aria-label="${title}"]`);
  const box = (await chart.getByTestId('chart-hover').boundingBox())!;
  const whole = await xDomain(page, title);
  const sweep = async (from: number, to: number) => {
    for (let i = 0; i <= 30; i++) {
      await page.mouse.move(box.x + box.width * (from + ((to - from) * i) / 30), box.y + box.height * (0.3 + 0.4 * ((i % 5) / 5)));
      await page.waitForTimeout(40);
    }
  };
  await sweep(0.05, 0.95);
  await chart.getByTestId('chart-tooltip').waitFor({ timeout: 5000 });
  const rows = await chart.getByTestId('chart-tooltip').locator('tbody tr').count();
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
  await until(async () => (await xDomain(page, title)) !== whole, 10_000, `${title} to zoom in`);
  await page.waitForTimeout(500);
  await sweep(0.1, 0.9);
  await chart.getByTestId('chart-hover').dblclick();
  await until(async () => (await xDomain(page, title)) === whole, 10_000, `${title} to zoom back out to ${whole}`);
  await page.waitForTimeout(1000);
  return { rows };
}
