// The page's sweep wall time with 1 worker (the page's own, the variants one after another)
// and 2 workers of its own: the Sweep panel driven as a user does, the sweep-jobs section's
// axis and seeds over the page's default toy setup, timed from Run sweep to "Sweep done". A
// fresh browser (and profile) for each, so no run kept by an earlier one is drawn; order 1, 2, 2, 1.
import type { BenchContext } from '../context';
import { loadAverage } from '../machine';
import { SWEEP_BENCH } from '../node/sweepJobs';
import type { SweepTimingRow } from '../types';
import { openApp } from './app';

async function timeOnce(ctx: BenchContext, url: string, workers: number, steps: number): Promise<SweepTimingRow> {
  const variants = SWEEP_BENCH.axes['losses.G_GAN.loss_weight'].length * SWEEP_BENCH.seeds.length;
  const app = await openApp(`${url}?backend=wasm`);
  try {
    const { page } = app;
    // The panel offers at most the core count: 2 workers are measured on any machine. The
    // workers' own navigator (their pacing on 2 cores) is left as it is.
    await page.addInitScript(() => {
      const real = Object.getOwnPropertyDescriptor(Navigator.prototype, 'hardwareConcurrency')!.get!;
      Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: function (this: Navigator) { return Math.max(2, real.call(this) as number); } });
    });
    await page.reload();
    await page.getByTestId('backend-name').waitFor({ timeout: 120_000 });
    const panel = page.getByRole('region', { name: 'Sweep' });
    await panel.getByRole('button', { name: 'Add axis' }).click();
    await panel.getByLabel('Axis 1 field').selectOption({ label: 'G_GAN weight' });
    await panel.getByRole('textbox', { name: 'Values of G_GAN weight' }).fill(SWEEP_BENCH.axes['losses.G_GAN.loss_weight'].join(', '));
    await panel.getByLabel('Seeds').fill(SWEEP_BENCH.seeds.join(', '));
    await panel.getByLabel('Steps').fill(String(steps));
    await panel.getByLabel('Workers').fill(String(workers));
    const load = loadAverage();
    const t0 = performance.now();
    await panel.getByRole('button', { name: 'Run sweep' }).click();
    const done = panel.getByText(/^Sweep (done|stopped)/);
    await done.waitFor({ timeout: 600_000 });
    const seconds = (performance.now() - t0) / 1000;
    const text = (await done.textContent()) ?? '';
    const ok = text === `Sweep done: ${variants} of ${variants} variants done.`;
    return { where: 'page', workers, variants, steps, seconds, load, status: ok ? 'ok' : 'failed', ...(ok ? {} : { note: `${text} ${app.logs.slice(-3).join(' ')}` }) };
  } finally {
    await app.close();
  }
}

export async function pageSweepWorkers(ctx: BenchContext, url: string): Promise<SweepTimingRow[]> {
  const steps = ctx.quick ? 100 : 300;
  const rows: SweepTimingRow[] = [];
  for (const workers of ctx.quick ? [1, 2] : [1, 2, 2, 1]) {
    const row = await timeOnce(ctx, url, workers, steps);
    rows.push(row);
    ctx.log(`page sweep, ${workers === 1 ? "1 worker (the page's)" : `${workers} workers`}: ${row.variants} toy variants of ${steps} steps in ${row.seconds.toFixed(1)} s (load average ${row.load.join(' ')})${row.note ? `: ${row.note}` : ''}`);
  }
  return rows;
}
