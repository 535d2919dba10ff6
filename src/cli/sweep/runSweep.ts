// `npm run train -- --sweep sweep.json --out DIR [--jobs N]`: every variant of a sweep trained
// by the CLI itself in a process of its own, N at a time, into DIR/<variant>/ (its settings,
// loss log, samples, checkpoint and the train.log of its output); DIR/summary.json and .csv
// after. A variant that finished (its variant.json says done, for the same settings) is skipped
// by a rerun; Ctrl-C stops the running ones as their own Ctrl-C does (log and checkpoint
// written), and the summary is still written.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { CliBackend } from '../args';
import { EXIT } from '../errors';
import type { OutputStream } from '../progress';
import { loadSweep } from './loadSweep';
import type { Variant } from './sweepFile';
import { finalValues, summaryCsv, type SummaryRow } from './summary';

export interface SweepOptions {
  readonly file: string;
  readonly out: string;
  /** Variants trained at once. @default the core count */
  readonly jobs: number;
  readonly backend?: CliBackend;
}

export interface SweepIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly signal?: AbortSignal;
  /** The repository root, where src/cli/launch.mjs is. */
  readonly root: string;
}

/** One variant's training, as a child process of the CLI; resolves with its exit code. */
function trainVariant(io: SweepIo, variant: Variant, dir: string, steps: number, backend: CliBackend | undefined, onStep: (step: number) => void): Promise<number> {
  const args = [join(io.root, 'src/cli/launch.mjs'), join(io.root, 'src/cli/train.ts'), '--spec', join(dir, 'settings.json'), '--out', dir, '--steps', String(steps), '--overwrite'];
  if (backend) args.push('--backend', backend);
  const child = spawn(process.execPath, args, { cwd: io.root, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const log = createWriteStream(join(dir, 'train.log'));
  const onData = (chunk: Buffer) => {
    log.write(chunk);
    const matches = [...chunk.toString('utf8').matchAll(/step (\d+)\/\d+/g)];
    const last = matches.at(-1);
    if (last) onStep(Number(last[1]));
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', (chunk: Buffer) => log.write(chunk));
  // The child has a process group of its own (detached), so a terminal's Ctrl-C reaches only
  // this process, which passes on exactly one SIGINT: a second would make the child quit at once.
  const stop = () => child.kill('SIGINT');
  io.signal?.addEventListener('abort', stop, { once: true });
  return new Promise((done) => {
    child.on('error', () => done(EXIT.failed));
    child.on('close', (code, signal) => {
      io.signal?.removeEventListener('abort', stop);
      log.end();
      done(code ?? (signal === 'SIGINT' ? EXIT.interrupted : EXIT.failed));
    });
  });
}

/** The variant's record of a finished run, or null. */
async function finished(dir: string, settingsText: string): Promise<SummaryRow | null> {
  try {
    const record = JSON.parse(await readFile(join(dir, 'variant.json'), 'utf8')) as { settings: string; row: SummaryRow };
    return record.row.status === 'done' && record.settings === settingsText ? record.row : null;
  } catch {
    return null;
  }
}

export async function runSweep(options: SweepOptions, io: SweepIo): Promise<number> {
  const { file, variants } = await loadSweep(options.file, options.backend);
  const out = resolve(options.out);
  await mkdir(out, { recursive: true });
  const axes = Object.keys(file.axes);
  const rows = new Map<string, SummaryRow>();
  const progress = new Map<string, number>();
  const started = performance.now();
  let last = 0;
  const draw = (force = false) => {
    const now = performance.now();
    // A terminal gets a line a second; a pipe or a CI log only one per finished variant.
    if (!force && (!io.stdout.isTTY || now - last < 1000)) return;
    last = now;
    const done = [...rows.values()].filter((r) => r.status === 'done').length;
    const steps = [...progress.values()].reduce((a, b) => a + b, 0) + done * file.steps;
    const total = variants.length * file.steps;
    const width = 30;
    const filled = Math.round((width * steps) / Math.max(total, 1));
    io.stdout.write(`sweep [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${variants.length} variants done, ${progress.size} running, ${((now - started) / 1000).toFixed(0)} s\n`);
  };
  io.stdout.write(`sweep ${options.file}: ${variants.length} variants of ${file.steps} steps, ${options.jobs} at a time, into ${out}\n`);
  const queue = [...variants];
  const runOne = async (variant: Variant): Promise<void> => {
    const dir = join(out, variant.name);
    const settingsText = JSON.stringify(variant.settings, null, 2);
    const values = Object.fromEntries(variant.values) as Record<string, number>;
    const skip = existsSync(dir) ? await finished(dir, settingsText) : null;
    if (skip) {
      io.stdout.write(`${variant.name}: done before, skipped\n`);
      rows.set(variant.name, skip);
      return;
    }
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'settings.json'), settingsText);
    progress.set(variant.name, 0);
    const code = await trainVariant(io, variant, dir, file.steps, options.backend, (step) => {
      progress.set(variant.name, step);
      draw();
    });
    progress.delete(variant.name);
    const status = code === EXIT.ok ? 'done' : code === EXIT.interrupted ? 'interrupted' : 'failed';
    let read = { final: {} as Record<string, number>, step: 0 };
    try {
      read = finalValues(await readFile(join(dir, 'loss_log.json'), 'utf8'), join(dir, 'loss_log.json'));
    } catch {
      // No log (it failed before writing one): the row says so by its status.
    }
    const row: SummaryRow = { name: variant.name, values, seed: variant.seed, status, ...(code !== EXIT.ok ? { exitCode: code } : {}), step: read.step, final: read.final };
    rows.set(variant.name, row);
    if (status === 'done') await writeFile(join(dir, 'variant.json'), JSON.stringify({ settings: settingsText, row }, null, 2));
    io.stdout.write(`${variant.name}: ${status}${code !== EXIT.ok ? ` (exit ${code}, see ${join(dir, 'train.log')})` : ''}\n`);
    draw(true);
  };
  const worker = async () => {
    while (queue.length > 0 && !io.signal?.aborted) await runOne(queue.shift()!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.jobs, variants.length)) }, worker));
  const summary = variants.map((v) => rows.get(v.name) ?? { name: v.name, values: Object.fromEntries(v.values), seed: v.seed, status: 'not run' as const, final: {} });
  await writeFile(join(out, 'summary.json'), `${JSON.stringify({ sweep: file, axes, variants: summary }, null, 2)}\n`);
  await writeFile(join(out, 'summary.csv'), summaryCsv(summary, axes));
  const seconds = (performance.now() - started) / 1000;
  io.stdout.write(`sweep: ${summary.filter((r) => r.status === 'done').length}/${summary.length} done in ${seconds.toFixed(1)} s; ${join(out, 'summary.csv')}\n`);
  if (io.signal?.aborted) return EXIT.interrupted;
  return summary.every((r) => r.status === 'done') ? EXIT.ok : EXIT.failed;
}
