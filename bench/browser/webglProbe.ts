// Where a GAN Lab default iteration's time goes on webgl in headless Chromium (SwiftShader
// here): builds the probe page (bench/browser/webglProbe/), runs each plan in a fresh browser
// and prints kernels, WebGL calls and rates per iteration, with the browser's CPU seconds
// (every process of it, from /proc) so a loaded machine's figures can be compared.
//   node src/cli/launch.mjs bench/browser/webglProbe.ts [plans.json]
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { chromiumArgs, chromiumPath } from '../../test/e2e/browser';
import type { ProbePlan, ProbeResult } from './webglProbe/probe';
import { DEFAULT_TRACE_CATEGORIES, startTrace, summarizeTrace } from './gpuTrace';

const root = path.join(process.cwd(), 'bench/browser/webglProbe');
// PROBE_TFJS: another tfjs's ES module for '@tensorflow/tfjs' (the peer page only uses core ops).
const otherTf = process.env.PROBE_TFJS;
const outDir = process.env.PROBE_OUT ?? path.join(process.cwd(), `node_modules/.cache/gan-loss-playground/webgl-probe${otherTf ? '-other' : ''}`);

interface Plan extends ProbePlan {
  readonly label: string;
  /** 'peerPage': peer.html, the peer loop on the main thread (the only page PROBE_TFJS builds work in). */
  readonly where?: 'worker' | 'main' | 'peerPage';
}

const DEFAULT_PLANS: Plan[] = [
  { label: 'default flags, read every 100 ms', backend: 'webgl', flags: {}, warmup: 21, windowMs: 5000, readEveryMs: 100 },
  { label: 'default flags, read at the end', backend: 'webgl', flags: {}, warmup: 21, windowMs: 5000, readEveryMs: 0 },
];

async function procStat(pid: number): Promise<{ ppid: number; ticks: number } | null> {
  try {
    const text = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

/** CPU seconds of the browser whose command line names `marker`, and of each kind of its descendants (--type=). */
async function browserCpuSeconds(marker: string): Promise<Record<string, number>> {
  const pids = (await readdir('/proc')).filter((p) => /^\d+$/.test(p)).map(Number);
  const stats = new Map<number, { ppid: number; ticks: number }>();
  let rootPid = -1;
  for (const pid of pids) {
    const s = await procStat(pid);
    if (!s) continue;
    stats.set(pid, s);
    if (rootPid < 0) {
      const cmd = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
      if (cmd.includes(marker) && cmd.includes('--user-data-dir')) rootPid = pid;
    }
  }
  const inTree = new Set([rootPid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, s] of stats) {
      if (inTree.has(pid) || !inTree.has(s.ppid)) continue;
      inTree.add(pid);
      grew = true;
    }
  }
  const byType: Record<string, number> = {};
  for (const pid of inTree) {
    const cmd = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    const type = /--type=([a-z-]+)/.exec(cmd)?.[1] ?? 'browser';
    byType[type] = (byType[type] ?? 0) + (stats.get(pid)?.ticks ?? 0) / 100;
  }
  return byType;
}

/** CPU seconds of each thread (by its name, numbers dropped) of the browser's GPU process: SwiftShader's own threads write no trace events. */
async function gpuThreadSeconds(marker: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const pid of (await readdir('/proc')).filter((p) => /^\d+$/.test(p))) {
    const cmd = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (!cmd.includes('--type=gpu-process') || !cmd.includes(marker)) continue;
    for (const tid of await readdir(`/proc/${pid}/task`).catch(() => [] as string[])) {
      const text = await readFile(`/proc/${pid}/task/${tid}/stat`, 'utf8').catch(() => '');
      if (!text) continue;
      // Threads left unnamed inherit the process's name: those are told apart by id.
      const comm = text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'));
      const name = comm === 'chromium' ? `${comm}${tid === pid ? ' (main)' : `#${tid}`}` : comm.replace(/[\d:.]+$/, '');
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      out[name] = (out[name] ?? 0) + (Number(fields[11]) + Number(fields[12])) / 100;
    }
  }
  return out;
}

/** The GPU process's threads' CPU ms per iteration between two gpuThreadSeconds readings. */
function gpuThreadLine(a: Record<string, number> | undefined, b: Record<string, number> | undefined, iterations: number): string {
  if (!a || !b) return 'no GPU process threads read';
  return Object.keys(b).map((k) => [k, (b[k]! - (a[k] ?? 0)) * 1000 / iterations] as const).filter(([, ms]) => ms >= 0.05).sort((x, y) => y[1] - x[1]).map(([k, ms]) => `${k} ${ms.toFixed(1)}`).join(', ');
}

const trace = process.env.PROBE_TRACE ? (process.env.PROBE_TRACE === '1' ? DEFAULT_TRACE_CATEGORIES : process.env.PROBE_TRACE) : null;
const plans: Plan[] = process.argv[2] ? (JSON.parse(await readFile(process.argv[2], 'utf8')) as Plan[]) : DEFAULT_PLANS;
if (!process.env.PROBE_NO_BUILD) {
  await build({
    root,
    logLevel: 'error',
    build: { outDir, emptyOutDir: true, target: 'es2022', minify: false, rollupOptions: { input: otherTf ? { peer: path.join(root, 'peer.html') } : { main: path.join(root, 'index.html'), peer: path.join(root, 'peer.html') } } },
    worker: { format: 'es' },
    ...(otherTf ? { resolve: { alias: { '@tensorflow/tfjs': otherTf } } } : {}),
  });
}
const server = await preview({ root, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false } });
const { port } = server.httpServer.address() as AddressInfo;
try {
  for (const plan of plans) {
    const userDataDir = await mkdtemp(path.join(tmpdir(), 'glp-probe-'));
    const context = await chromium.launchPersistentContext(userDataDir, { executablePath: chromiumPath, headless: true, args: chromiumArgs });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      page.on('console', (msg) => msg.type() === 'error' && console.log(`  [console] ${msg.text()}`));
      const marks = new Map<string, Record<string, number>>();
      const gpuMarks = new Map<string, Record<string, number>>();
      await page.exposeFunction('probeMark', async (name: string) => {
        const [all, gpu] = await Promise.all([browserCpuSeconds(userDataDir), gpuThreadSeconds(userDataDir)]);
        gpuMarks.set(name, gpu);
        marks.set(name, all);
      });
      const stopTrace = trace ? await startTrace(await context.newCDPSession(page), trace) : null;
      const traceLines = async (iterations: number) => (stopTrace ? summarizeTrace(await stopTrace(), iterations).map((l) => `  ${l}`).join('\n') : '');
      if (plan.where === 'peerPage') {
        await page.goto(`http://127.0.0.1:${port}/peer.html`);
        await page.waitForFunction(() => 'runPeer' in globalThis);
        const load = (await readFile('/proc/loadavg', 'utf8')).split(' ')[0];
        const r = await page.evaluate((p) => (globalThis as unknown as { runPeer: (p: unknown) => Promise<{ iterations: number; wallMs: number; stepMs: number; version: string; perIteration: string }> }).runPeer(p), plan);
        for (let i = 0; i < 100 && !marks.has('end'); i++) await new Promise((res) => setTimeout(res, 50));
        const [a, b] = [marks.get('start') ?? {}, marks.get('end') ?? {}];
        const cpu = Object.keys(b).map((k) => `${k} ${((((b[k] ?? 0) - (a[k] ?? 0)) * 1000) / r.iterations).toFixed(1)}`).join(', ');
        const cpuTotal = Object.keys(b).reduce((n, k) => n + (b[k] ?? 0) - (a[k] ?? 0), 0);
        console.log(`== ${plan.label} (peer page, tfjs ${r.version}, load ${load})`);
        console.log(`  ${(r.iterations / (r.wallMs / 1000)).toFixed(1)} it/s wall; ${r.iterations} iterations; ${(r.stepMs / r.iterations).toFixed(2)} ms in step(); ${r.perIteration} per iteration`);
        console.log(`  CPU ms per iteration by process: ${cpu}; ${(r.iterations / cpuTotal).toFixed(1)} it per CPU-second`);
        console.log(`  GPU process threads, CPU ms per iteration: ${gpuThreadLine(gpuMarks.get('start'), gpuMarks.get('end'), r.iterations)}`);
        if (stopTrace) console.log(await traceLines(r.iterations));
        continue;
      }
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.waitForFunction(() => 'runProbe' in globalThis);
      const load = (await readFile('/proc/loadavg', 'utf8')).split(' ')[0];
      const result = await page.evaluate(
        ({ plan, where }) => (globalThis as unknown as Record<string, (p: unknown) => Promise<ProbeResult>>)[where === 'main' ? 'runProbeHere' : 'runProbe']!(plan),
        { plan, where: plan.where ?? 'worker' },
      );
      for (let i = 0; i < 100 && !marks.has('end'); i++) await new Promise((r) => setTimeout(r, 50));
      const [a, b] = [marks.get('start') ?? {}, marks.get('end') ?? {}];
      const cpu = Object.keys(b).map((k) => `${k} ${(((b[k] ?? 0) - (a[k] ?? 0)) * 1000 / result.iterations).toFixed(1)}`).join(', ');
      const cpuTotal = Object.keys(b).reduce((n, k) => n + (b[k] ?? 0) - (a[k] ?? 0), 0);
      if (result.error) throw new Error(result.error);
      const perIt = (ms: number) => (ms / result.iterations).toFixed(2);
      const top = Object.entries(result.kernelNames).sort((a, b) => b[1] - a[1]).map(([n, c]) => `${n} ${c}`).join(', ');
      const gl = Object.entries(result.glCalls).sort((a, b) => b[1] - a[1]).map(([n, c]) => `${n} ${c}`).join(', ');
      console.log(`== ${plan.label} (${plan.backend}, load ${load})`);
      console.log(`  ${(result.iterations / (result.wallMs / 1000)).toFixed(1)} it/s wall; ${result.iterations} iterations in ${(result.wallMs / 1000).toFixed(2)} s; per iteration ${perIt(result.wallMs)} ms wall, ${perIt(result.stepMs)} ms in step(), flush ${result.flushes}x ${(result.flushMs / result.flushes).toFixed(1)} ms`);
      console.log(`  CPU ms per iteration by process: ${cpu}; ${(result.iterations / cpuTotal).toFixed(1)} it per CPU-second`);
      console.log(`  kernels ${result.kernels}: ${top}`);
      console.log(`  gl calls per iteration: ${gl}`);
      const fmt = (r: Record<string, number>) => Object.entries(r).sort((a, b) => b[1] - a[1]).map(([n, c]) => `${n} ${c.toFixed(1)}`).join(', ');
      console.log(`  programs per iteration (${Object.values(result.programs).reduce((a, b) => a + b, 0).toFixed(1)}): ${fmt(result.programs)}`);
      console.log(`  uploads per iteration: ${fmt(result.uploads)}`);
      console.log(`  tf.time: kernelMs ${JSON.stringify(result.tfTime.kernelMs)} wallMs ${result.tfTime.wallMs.toFixed(1)}; tensors at end ${result.numTensors}`);
      console.log(`  programs compiled in the window: ${Object.entries(result.compiles).map(([w, n]) => `${n}x ${w}`).join('; ') || 'none'}`);
      console.log(`  renderer ${result.renderer}; flags ${JSON.stringify(result.flags)}`);
      console.log(`  GPU process threads, CPU ms per iteration: ${gpuThreadLine(gpuMarks.get('start'), gpuMarks.get('end'), result.iterations)}`);
      if (stopTrace) console.log(await traceLines(result.iterations));
    } finally {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    }
  }
} finally {
  server.httpServer.close();
}
