// The CLI sweep's wall time (`npm run train -- --sweep`) with --jobs 1 and --jobs 2: the same 4
// toy variants each time, into a fresh folder, timed from the start to summary.json. The order
// is 1, 2, 2, 1 so load that comes and goes falls on both; the speed-up is the figure.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { runSweep } from '../../src/cli/sweep/runSweep';
import type { BenchContext } from '../context';
import { loadAverage } from '../machine';
import type { SweepTimingRow } from '../types';

/** 2 weights x 2 seeds of the toy GAN, as the page's sweep-workers section trains them. */
export const SWEEP_BENCH = { base: 'toy/log-loss', axes: { 'losses.G_GAN.loss_weight': [1, 2] }, seeds: [1, 2] } as const;

const quiet = Object.assign(new Writable({ write: (_chunk, _encoding, done) => done() }), { isTTY: false });

export async function sweepJobs(ctx: BenchContext): Promise<SweepTimingRow[]> {
  const steps = ctx.quick ? 100 : 300;
  const dir = await mkdtemp(path.join(tmpdir(), 'glp-bench-sweep-'));
  const rows: SweepTimingRow[] = [];
  try {
    const file = path.join(dir, 'sweep.json');
    await writeFile(file, JSON.stringify({ ...SWEEP_BENCH, steps }));
    const order = ctx.quick ? [1, 2] : [1, 2, 2, 1];
    for (const [i, jobs] of order.entries()) {
      const load = loadAverage();
      const t0 = performance.now();
      const code = await runSweep({ file, out: path.join(dir, `out-${i}`), jobs }, { stdout: quiet, stderr: quiet, root: process.cwd() });
      const seconds = (performance.now() - t0) / 1000;
      const variants = SWEEP_BENCH.axes['losses.G_GAN.loss_weight'].length * SWEEP_BENCH.seeds.length;
      rows.push({ where: 'cli', workers: jobs, variants, steps, seconds, load, status: code === 0 ? 'ok' : 'failed', ...(code === 0 ? {} : { note: `exit code ${code}` }) });
      ctx.log(`sweep --jobs ${jobs}: ${variants} toy variants of ${steps} steps in ${seconds.toFixed(1)} s (load average ${load.join(' ')})${code === 0 ? '' : `, exit code ${code}`}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}
