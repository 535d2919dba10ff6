// tfjs's webgpu backend in Node on Dawn (bench/node/dawn.ts): the engine's GanTrainer on
// whatever adapter Dawn finds, with the worker's warm-up (parallel compile on and off, each on
// a fresh device so no compiled pipeline carries over) and steps/s after it. No adapter, or no
// `webgpu` package, and the section says so in its rows and moves on.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { compileFirstStep } from '../../src/engine/backendPick';
import type { BackendChoice } from '../../src/engine/sessionHost';
import { GanTrainer } from '../../src/engine/trainer';
import { benchCase, describeCase, flopsPerStep, type BenchCase, type CaseId } from '../cases';
import { caseWanted, fmt, type BenchContext } from '../context';
import { measureSteps } from '../measure';
import type { NodeWebgpuSummary, Status, ThroughputRow, WarmupRow } from '../types';
import { describeAdapter, openDawn, type AdapterFacts, type DawnOpen } from './dawn';
import { buildSetup, errorMessage } from './host';
import { rateOptions } from './throughput';

const WEBGPU = 'webgpu';
/** tfjs-backend-webgpu registers itself at this priority. */
const PRIORITY = 3;

export interface NodeWebgpuResult {
  readonly summary: NodeWebgpuSummary;
  readonly throughput: ThroughputRow[];
  readonly warmup: WarmupRow[];
}

export interface NodeWebgpuOptions {
  /** Options for Dawn's create() (`--dawn`). */
  readonly dawnFlags: readonly string[];
  /** @default openDawn */
  readonly open?: (flags: readonly string[]) => Promise<DawnOpen>;
  /** Imports tfjs-backend-webgpu, which registers 'webgpu' when navigator.gpu exists. */
  readonly loadBackend?: () => Promise<unknown>;
  /** @default webgpuCases(ctx.quick) */
  readonly cases?: readonly CaseId[];
}

/** The cases in the order run; `--quick` keeps two. */
export function webgpuCases(quick: boolean): CaseId[] {
  return quick ? ['toy', 'dcgan28'] : ['toy', 'ganlab', 'dcgan28', 'pix2pix32', 'pix2pix64', 'dcgan28-wide'];
}

type BackendFactory = () => Promise<tf.KernelBackend> | tf.KernelBackend;

/**
 * tfjs-backend-webgpu's factory, kept: it registers it once, when imported, and each fresh
 * backend below removes the registration and adds it back.
 */
let webgpuFactory: BackendFactory | null = null;

/** Removes the webgpu backend, if any, and destroys its device (tfjs's dispose does not). */
function dropBackend(): void {
  if (!tf.findBackendFactory(WEBGPU)) return;
  const device = (tf.findBackend(WEBGPU) as { device?: { destroy(): void } } | null)?.device;
  tf.removeBackend(WEBGPU);
  device?.destroy();
}

/** A new backend on a new device: no compiled pipeline of an earlier run is reused. */
async function freshBackend(factory: BackendFactory): Promise<void> {
  dropBackend();
  let failure: unknown = null;
  tf.registerBackend(
    WEBGPU,
    async () => {
      try {
        return await factory();
      } catch (error) {
        failure = error;
        throw error;
      }
    },
    PRIORITY,
  );
  if (!(await tf.setBackend(WEBGPU))) throw new Error(`the webgpu backend did not start${failure ? `: ${errorMessage(failure)}` : ''}`);
  await tf.ready();
}

const now = () => performance.now();

interface CaseResult {
  readonly warmup: WarmupRow[];
  readonly throughput: ThroughputRow;
}

/**
 * Twice from a fresh device, as the worker starts a run: parallel compile (if on), the run's
 * networks and data, the first step read back. The second time, steps/s on the warm trainer.
 */
async function measureCase(c: BenchCase, order: readonly boolean[], factory: BackendFactory, ctx: BenchContext, adapterNote: string | undefined): Promise<CaseResult> {
  const flops = flopsPerStep(ctx.flops[c.id], c.settings.batchSize, c.settings.dSteps, c.settings.gSteps);
  const base = { case: c.id, label: c.label, config: describeCase(c), runtime: 'node', backend: WEBGPU, flopsPerStep: flops } as const;
  const settings = { ...c.settings, backend: WEBGPU } as const;
  // compileFirstStep builds its throwaway trainer through this, as the worker's does.
  const host = { chooseBackend: async (): Promise<BackendChoice> => ({ backend: WEBGPU, reasons: [], adapter: null }), buildSetup };
  const warmup: WarmupRow[] = [];
  let throughput: ThroughputRow = { ...base, status: 'failed', note: 'not measured' };
  for (const [k, parallelCompile] of order.entries()) {
    const started = now();
    let trainer: GanTrainer | null = null;
    let setup: Awaited<ReturnType<typeof buildSetup>> | null = null;
    try {
      await freshBackend(factory);
      const compileMs = parallelCompile ? await compileFirstStep(host, settings, WEBGPU, now) : null;
      setup = await buildSetup(settings);
      trainer = new GanTrainer({ ...settings, networks: setup.networks, data: setup.data });
      const first = now();
      trainer.step();
      await trainer.flush();
      const firstStepMs = now() - first;
      warmup.push({ case: c.id, runtime: 'node', parallelCompile, status: 'ok', backend: WEBGPU, compileMs, firstStepMs, startToWarmMs: now() - started });
      if (k === order.length - 1) {
        const live = trainer;
        // Warm already: the first timed step is a second warm-up, always thrown away.
        const rate = await measureSteps(() => live.step(), () => live.flush(), { ...rateOptions(ctx.quick), slowStepSeconds: Infinity });
        throughput = {
          ...base,
          status: 'ok',
          ...(adapterNote ? { note: adapterNote } : {}),
          steps: rate.steps,
          seconds: rate.wallSeconds,
          stepsPerSecond: rate.stepsPerSecond,
          stepsPerCpuSecond: rate.stepsPerCpuSecond,
          firstStepSeconds: firstStepMs / 1000,
          flopsPerSecond: flops * rate.stepsPerSecond,
        };
      }
    } catch (error) {
      const note = errorMessage(error).split('\n')[0];
      warmup.push({ case: c.id, runtime: 'node', parallelCompile, status: 'failed', note });
      throughput = { ...base, status: 'failed', note };
    } finally {
      trainer?.dispose();
      setup?.models.dispose();
      tf.disposeVariables();
    }
  }
  return { warmup, throughput };
}

function packageVersion(name: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(path.join(process.cwd(), 'node_modules', name, 'package.json'), 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/** Every case's row, skipped for the same reason. */
function skippedRows(ctx: BenchContext, cases: readonly CaseId[], status: Exclude<Status, 'ok'>, note: string): ThroughputRow[] {
  return cases.map((id) => {
    const c = benchCase(id);
    const flops = flopsPerStep(ctx.flops[id], c.settings.batchSize, c.settings.dSteps, c.settings.gSteps);
    return { case: id, label: c.label, config: describeCase(c), runtime: 'node', backend: WEBGPU, status, note, flopsPerStep: flops };
  });
}

/** What an adapter that is not a GPU does to every figure, or nothing for a GPU. */
function adapterNote(adapter: AdapterFacts): string | undefined {
  if (adapter.nullBackend) return "Dawn's null backend: no shader runs, so this is tfjs's and Dawn's CPU-side cost per step, not a GPU's";
  if (adapter.software) return `a software adapter (${describeAdapter(adapter)}): a GPU emulated on this CPU`;
  return undefined;
}

export async function nodeWebgpu(ctx: BenchContext, options: NodeWebgpuOptions): Promise<NodeWebgpuResult> {
  const flags = [...options.dawnFlags];
  const cases = (options.cases ?? webgpuCases(ctx.quick)).filter((id) => caseWanted(ctx, id));
  const version = packageVersion('webgpu');
  const summaryBase = { dawnFlags: flags, ...(version ? { webgpuPackage: version } : {}) };
  const opened = await (options.open ?? openDawn)(flags);
  if (opened.status !== 'ok') {
    ctx.log(`node-webgpu: ${opened.status}: ${opened.note}`);
    return { summary: { ...summaryBase, status: opened.status, note: opened.note }, throughput: skippedRows(ctx, cases, opened.status, opened.note), warmup: [] };
  }
  const adapter = describeAdapter(opened.adapter);
  ctx.log(`node-webgpu: Dawn adapter ${adapter}${flags.length > 0 ? ` (options ${flags.join(' ')})` : ''}`);
  const summary: NodeWebgpuSummary = { ...summaryBase, status: 'ok', adapter, adapterInfo: opened.adapter };
  const previous = tf.getBackend();
  const tooBig = (id: CaseId) => id === 'dcgan28-wide' && opened.adapter.software && !opened.adapter.nullBackend;
  const throughput: ThroughputRow[] = [];
  const warmup: WarmupRow[] = [];
  try {
    const factory = cases.some((id) => !tooBig(id)) ? await webgpuBackendFactory(options.loadBackend) : null;
    for (const [i, id] of cases.entries()) {
      if (tooBig(id) || !factory) {
        throughput.push(...skippedRows(ctx, [id], 'skipped', 'left out on a software adapter (minutes per step on the CPU)'));
        continue;
      }
      // The order alternates between cases, so a drift in the machine never favours one setting.
      const result = await measureCase(benchCase(id), i % 2 === 0 ? [true, false] : [false, true], factory, ctx, adapterNote(opened.adapter));
      throughput.push(result.throughput);
      warmup.push(...result.warmup);
      logCase(ctx, id, result);
    }
    return { summary, throughput, warmup };
  } catch (error) {
    const note = errorMessage(error).split('\n')[0] as string;
    ctx.log(`node-webgpu failed: ${note}`);
    const missing = cases.filter((id) => !throughput.some((r) => r.case === id));
    return { summary: { ...summary, status: 'failed', note }, throughput: [...throughput, ...skippedRows(ctx, missing, 'failed', note)], warmup };
  } finally {
    dropBackend();
    opened.release();
    await tf.setBackend(previous);
  }
}

/** tfjs-backend-webgpu's factory, imported now that navigator.gpu exists (it registers only then). */
async function webgpuBackendFactory(load: (() => Promise<unknown>) | undefined): Promise<BackendFactory> {
  await (load ?? (() => import('@tensorflow/tfjs-backend-webgpu')))();
  webgpuFactory ??= tf.findBackendFactory(WEBGPU) as BackendFactory | null;
  if (!webgpuFactory) throw new Error("tfjs-backend-webgpu registered no 'webgpu' backend: it was imported before navigator.gpu was set");
  return webgpuFactory;
}

function logCase(ctx: BenchContext, id: CaseId, result: CaseResult): void {
  for (const w of result.warmup) {
    ctx.log(
      `warm-up node/webgpu ${id}, parallelCompile ${w.parallelCompile}: ` +
        (w.status === 'ok'
          ? `compile ${w.compileMs == null ? '-' : fmt.ms(w.compileMs)} ms, first step ${fmt.ms(w.firstStepMs!)} ms, start to warmed up ${fmt.ms(w.startToWarmMs!)} ms`
          : `${w.status}: ${w.note ?? ''}`),
    );
  }
  const t = result.throughput;
  ctx.log(
    `throughput node/webgpu ${id}: ` +
      (t.status === 'ok' ? `${fmt.rate(t.stepsPerSecond!)} steps/s (${t.steps} steps in ${t.seconds!.toFixed(1)} s), ${fmt.flops(t.flopsPerSecond!)}FLOP/s` : `${t.status}: ${t.note ?? ''}`),
  );
}
