/**
 * `npm run bench [-- --quick] [-- --only node,torch,...] [-- --dawn backend=vulkan]`: measures
 * training throughput, the PyTorch reference (CPU and CUDA), the LossManager's overhead,
 * memory, webgpu in Node on Dawn, the webgpu warm-up, the page while training and the chart
 * redraw; writes bench/results/latest.json and latest.md (a quick run: quick.*; an --only
 * run: partial.*). Run through src/cli/launch.mjs, which bundles it.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { parseBenchArgs, USAGE, type Section } from './args';
import { buildAndServe, openApp, webglRenderer, type App } from './browser/app';
import { manyRuns } from './browser/manyRuns';
import { browserMemory, pageSmoothness } from './browser/smoothness';
import { pageSweepWorkers } from './browser/sweepWorkers';
import { browserThroughput, type BrowserFacts } from './browser/throughput';
import { browserWarmup } from './browser/warmup';
import { ALL_CASE_IDS, benchCase, type CaseId, type ForwardFlops } from './cases';
import type { BenchContext } from './context';
import { limits } from './limits';
import { loadAverage, machineInfo } from './machine';
import { chartRedraw } from './node/chartRedraw';
import { errorMessage, forwardFlops, useBackend } from './node/host';
import { emaOverhead } from './node/emaOverhead';
import { gradOverhead } from './node/gradOverhead';
import { managerOverhead } from './node/managerOverhead';
import { metricsCost } from './node/metricsCost';
import { nodeMemory } from './node/memory';
import { nodeThroughput } from './node/throughput';
import { sweepJobs } from './node/sweepJobs';
import { nodeWebgpu, type NodeWebgpuResult } from './node/webgpu';
import { renderMarkdown } from './report';
import { torchCuda, torchReference } from './torch/torchReference';
import type { BenchResults, ChartRedrawResult, LoadRecord, ManyRunsResult, MemoryRow, MetricsCostRow, OverheadRow, SmoothnessRow, SweepTimingRow, ThroughputRow, TorchResult, WarmupRow } from './types';

async function main(): Promise<void> {
  const { quick, only, cases, dawnFlags, help } = parseBenchArgs(process.argv.slice(2));
  if (help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  // As `npm run train` does: no debug-time checks.
  tf.enableProdMode();
  const started = performance.now();
  const stamp = () => {
    const s = Math.round((performance.now() - started) / 1000);
    return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  };
  const log = (line: string) => process.stdout.write(`[bench ${stamp()}] ${line}\n`);
  const machine = machineInfo();
  log(`${quick ? 'quick' : 'full'} run on ${machine.cpu} (${machine.cores} cores), Node ${machine.node}, load average ${loadAverage().join(' ')}`);

  await useBackend('cpu');
  const flops = Object.fromEntries(ALL_CASE_IDS.map((id) => [id, forwardFlops(benchCase(id).settings)])) as Record<CaseId, ForwardFlops>;
  const ctx: BenchContext = { quick, log, flops, cases };

  const load: LoadRecord[] = [];
  const errors: string[] = [];
  const wanted = (s: Section) => only === null || only.has(s);
  async function section<T>(name: Section, fallback: T, run: () => Promise<T> | T): Promise<T> {
    if (!wanted(name)) return fallback;
    const before = loadAverage();
    const t0 = performance.now();
    log(`--- ${name} (load average ${before.join(' ')})`);
    try {
      return await run();
    } catch (error) {
      errors.push(`${name}: ${errorMessage(error)}`);
      log(`${name} failed: ${errorMessage(error)}`);
      return fallback;
    } finally {
      load.push({ section: name, before, after: loadAverage(), seconds: (performance.now() - t0) / 1000 });
    }
  }

  const notRun = (note: string) => ({ status: 'skipped', note }) as const;
  const chart = await section<ChartRedrawResult>('chart', { ...notRun('not run'), charts: 0, pointsPerChart: 0, columns: 0 }, () => chartRedraw(ctx));
  const nodeRows = await section<ThroughputRow[]>('node', [], () => nodeThroughput(ctx));
  const torch = await section<TorchResult>('torch', { ...notRun('not run'), rows: [] }, () => torchReference(ctx, nodeRows));
  const overhead = await section<OverheadRow[]>('overhead', [], () => managerOverhead(ctx));
  const gradients = await section<OverheadRow[]>('grad-overhead', [], () => gradOverhead(ctx));
  const ema = await section<OverheadRow[]>('ema-overhead', [], () => emaOverhead(ctx));
  const metricsCostRows = await section<MetricsCostRow[]>('metrics-cost', [], () => metricsCost(ctx));
  const memory = await section<MemoryRow[]>('memory', [], () => nodeMemory(ctx));
  const webgpu = await section<NodeWebgpuResult | null>('node-webgpu', null, () => nodeWebgpu(ctx, { dawnFlags }));
  const cuda = await section<TorchResult | null>('torch-cuda', null, () => torchCuda(ctx, webgpu?.throughput ?? []));
  const sweepJobRows = await section<SweepTimingRow[]>('sweep-jobs', [], () => sweepJobs(ctx));

  const facts: BrowserFacts & { webglRenderer?: string } = {};
  let app: App | null = null;
  const browserSections: Section[] = ['browser', 'warmup', 'smoothness', 'page-memory', 'many-runs', 'sweep-workers'];
  if (browserSections.some(wanted)) {
    log('building the app (vite build) and serving it (vite preview)');
    app = await buildAndServe();
    const probe = await openApp(app.url);
    facts.chromium = probe.version;
    facts.webglRenderer = await webglRenderer(probe.page);
    await probe.close();
  }
  let browserRows: ThroughputRow[] = [];
  let warmup: WarmupRow[] = [];
  let smoothness: SmoothnessRow[] = [];
  let runsOverlaid: ManyRunsResult | null = null;
  let sweepWorkerRows: SweepTimingRow[] = [];
  try {
    if (app) {
      const url = app.url;
      browserRows = await section('browser', [], () => browserThroughput(ctx, url, facts));
      warmup = await section('warmup', [], () => browserWarmup(ctx, url));
      smoothness = await section('smoothness', [], () => pageSmoothness(ctx, url));
      memory.push(...(await section('page-memory', [], () => browserMemory(ctx, url))));
      runsOverlaid = await section<ManyRunsResult | null>('many-runs', null, () => manyRuns(ctx, url));
      sweepWorkerRows = await section('sweep-workers', [], () => pageSweepWorkers(ctx, url));
    }
  } finally {
    await app?.close();
  }

  const finalMachine = {
    ...machine,
    ...(facts.chromium ? { chromium: facts.chromium } : {}),
    ...(facts.webgpuAdapter ? { webgpuAdapter: facts.webgpuAdapter } : {}),
    ...(facts.webglRenderer ? { webglRenderer: facts.webglRenderer } : {}),
    ...(torch.version ? { torch: torch.version } : {}),
  };
  const results: BenchResults = {
    schema: 1,
    mode: quick ? 'quick' : 'full',
    machine: finalMachine,
    load,
    durationSeconds: (performance.now() - started) / 1000,
    throughput: [...nodeRows, ...(webgpu?.throughput ?? []), ...browserRows],
    torch,
    ...(cuda ? { torchCuda: cuda } : {}),
    ...(webgpu ? { nodeWebgpu: webgpu.summary } : {}),
    managerOverhead: overhead,
    gradOverhead: gradients,
    emaOverhead: ema,
    metricsCost: metricsCostRows,
    sweepJobs: sweepJobRows,
    sweepWorkers: sweepWorkerRows,
    warmup: [...(webgpu?.warmup ?? []), ...warmup],
    memory,
    smoothness,
    chartRedraw: chart,
    ...(runsOverlaid ? { manyRuns: runsOverlaid } : {}),
    limits: limits(finalMachine),
    errors,
  };
  const markdown = renderMarkdown(results);
  const name = only || cases ? 'partial' : quick ? 'quick' : 'latest';
  const dir = path.join(process.cwd(), 'bench/results');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, `${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(path.join(dir, `${name}.md`), markdown);
  process.stdout.write(`\n${markdown}\n`);
  log(`wrote bench/results/${name}.json and ${name}.md in ${Math.round(results.durationSeconds)} s`);
}

try {
  await main();
} catch (error) {
  process.stderr.write(`bench: ${errorMessage(error)}\n`);
  process.exitCode = 1;
}
// Everything is written by now. Dawn's Node binding can keep the process alive after its last
// device is gone (webgpu's README, "Lifetime"); an unref'd timer leaves a clean exit alone and
// ends a run that would otherwise hang there.
setTimeout(() => process.exit(), 10_000).unref();
