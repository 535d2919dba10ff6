// `npm run train -- --sweep`: the variants train in processes of their own, each into its
// folder; the summary has a row each; a rerun skips what finished; Ctrl-C stops cleanly.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = ['src/cli/launch.mjs', 'src/cli/train.ts'];

function sweepDir(sweep: unknown) {
  const dir = mkdtempSync(join(tmpdir(), 'cli-sweep-'));
  writeFileSync(join(dir, 'sweep.json'), JSON.stringify(sweep));
  return { file: join(dir, 'sweep.json'), out: join(dir, 'out') };
}

describe('npm run train -- --sweep', () => {
  it('a 3-weight x 2-seed sweep of 100 toy steps: 6 folders whose logs carry their weight, a 6-row summary; a rerun skips them', () => {
    const { file, out } = sweepDir({ base: 'toy/log-loss', axes: { 'losses.G_GAN.loss_weight': [0.5, 1, 2] }, seeds: [1, 2], steps: 100 });
    const result = spawnSync(process.execPath, [...cli, '--sweep', file, '--out', out, '--jobs', '2'], { encoding: 'utf8', timeout: 240_000 });
    expect(result.status, result.stderr + result.stdout).toBe(0);
    const folders = readdirSync(out).filter((f) => f.includes('seed=')).sort();
    expect(folders).toEqual(['G_GAN.loss_weight=0.5_seed=1', 'G_GAN.loss_weight=0.5_seed=2', 'G_GAN.loss_weight=1_seed=1', 'G_GAN.loss_weight=1_seed=2', 'G_GAN.loss_weight=2_seed=1', 'G_GAN.loss_weight=2_seed=2']);
    for (const folder of folders) {
      const weight = Number(/loss_weight=([\d.]+)/.exec(folder)![1]);
      const log = JSON.parse(readFileSync(join(out, folder, 'loss_log.json'), 'utf8'));
      const g = log.LOSSMANAGER_LOG.loss_functions.G_GAN;
      expect(g.steps).toHaveLength(100);
      expect(new Set(g.weights)).toEqual(new Set([weight]));
      expect(JSON.parse(readFileSync(join(out, folder, 'settings.json'), 'utf8')).seed).toBe(Number(folder.at(-1)));
    }
    const csv = readFileSync(join(out, 'summary.csv'), 'utf8').trim().split('\n');
    // The losses, then the toy's quality metrics (measured once at the end of each CLI run).
    expect(csv[0]).toBe('name,losses.G_GAN.loss_weight,seed,status,step,final D_fake,final D_real,final G_GAN,final metric/JS,final metric/KL,final metric/modeCoverage,final metric/offMode');
    expect(csv).toHaveLength(7);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.variants.map((v: { status: string }) => v.status)).toEqual(Array(6).fill('done'));
    // The summary's G_GAN is the mean of the last 10 weighted values of that variant's log.
    const first = summary.variants[0];
    const g = JSON.parse(readFileSync(join(out, first.name, 'loss_log.json'), 'utf8')).LOSSMANAGER_LOG.loss_functions.G_GAN.loss as number[];
    expect(first.final.G_GAN).toBeCloseTo(g.slice(-10).reduce((a, b) => a + b, 0) / 10, 10);

    const again = spawnSync(process.execPath, [...cli, '--sweep', file, '--out', out, '--jobs', '2'], { encoding: 'utf8', timeout: 60_000 });
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout.match(/done before, skipped/g)).toHaveLength(6);
  }, 300_000);

  it('refuses a bad sweep file with its path and exit code 2, before training', () => {
    const { file, out } = sweepDir({ base: 'toy/log-loss', axes: { 'losses.G_X.loss_weight': [1] }, steps: 10 });
    const result = spawnSync(process.execPath, [...cli, '--sweep', file, '--out', out], { encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`error: ${file}: axes["losses.G_X.loss_weight"]: names no loss of the base spec (losses: G_GAN, D_real, D_fake)`);
  }, 60_000);

  it('Ctrl-C: the running variant writes its log and stops, the summary says interrupted and not run, exit 130', async () => {
    const { file, out } = sweepDir({ base: 'toy/log-loss', axes: { 'losses.G_GAN.loss_weight': [1, 2] }, steps: 100_000 });
    const child = spawn(process.execPath, [...cli, '--sweep', file, '--out', out, '--jobs', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    // Once the first variant has a log line of its own (its process is training), interrupt.
    const log = join(out, 'G_GAN.loss_weight=1_seed=0', 'train.log');
    await expect.poll(() => { try { return readFileSync(log, 'utf8'); } catch { return ''; } }, { timeout: 60_000, interval: 200 }).toMatch(/training toy/);
    await new Promise((r) => setTimeout(r, 1500));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(code, stdout).toBe(130);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.variants.map((v: { status: string }) => v.status)).toEqual(['interrupted', 'not run']);
    const g = JSON.parse(readFileSync(join(out, 'G_GAN.loss_weight=1_seed=0', 'loss_log.json'), 'utf8')).LOSSMANAGER_LOG.loss_functions.G_GAN;
    expect(g.steps.length).toBeGreaterThan(0);
  }, 120_000);
});
