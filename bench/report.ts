// The results as Markdown: the tables for bench/results/*.md and the README.
import { ALL_CASE_IDS, benchCase, CASE_IDS, describeCase, type CaseId } from './cases';
import { fmt } from './context';
import { sweepTable } from './sweepTable';
import { SESSION_LOOP_BACKEND, type BenchResults, type OverheadRow, type SmoothnessRow, type TaskSummary, type ThroughputRow, type TorchResult, type WarmupRow } from './types';

interface Column {
  readonly runtime: ThroughputRow['runtime'];
  readonly backend: string;
  /** Node wasm's threaded binary at this many threads; 1 (the default): the single-threaded one. */
  readonly threads?: number;
  readonly title: string;
  /** Shown only when some row has a figure or a reason for it. */
  readonly optional?: boolean;
}

const COLUMNS: readonly Column[] = [
  { runtime: 'node', backend: 'cpu', title: 'Node cpu' },
  { runtime: 'node', backend: 'wasm', title: 'Node wasm' },
  { runtime: 'node', backend: SESSION_LOOP_BACKEND, title: "Node wasm, the worker's session loop", optional: true },
  { runtime: 'node', backend: 'webgpu', title: 'Node webgpu (Dawn)', optional: true },
  { runtime: 'chromium', backend: 'webgpu', title: 'Chromium webgpu' },
  { runtime: 'chromium', backend: 'webgl', title: 'Chromium webgl' },
  { runtime: 'chromium', backend: 'wasm', title: 'Chromium wasm' },
];

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** Footnotes numbered in order of first use, the same note once. */
class Notes {
  private readonly list: string[] = [];
  ref(note: string): string {
    let i = this.list.indexOf(note);
    if (i === -1) i = this.list.push(note) - 1;
    return `[${i + 1}]`;
  }
  render(): string {
    return this.list.map((n, i) => `[${i + 1}] ${n}`).join('  \n');
  }
}

function throughputTable(r: BenchResults, notes: Notes): string {
  // A column per thread count that Node wasm's threaded binary ran at, after the one-thread column.
  const threaded = [...new Set(r.throughput.flatMap((t) => (t.runtime === 'node' && t.threads && t.threads > 1 ? [t.threads] : [])))].sort();
  const all = [...COLUMNS];
  all.splice(2, 0, ...threaded.map((threads) => ({ runtime: 'node' as const, backend: 'wasm', threads, title: `Node wasm ${threads} threads` })));
  const columns = all.filter((c) => !c.optional || r.throughput.some((t) => t.runtime === c.runtime && t.backend === c.backend));
  // The GPU-sized cases only where a section ran them.
  const cases = ALL_CASE_IDS.filter((id) => (CASE_IDS as readonly CaseId[]).includes(id) || r.throughput.some((t) => t.case === id));
  const rows = cases.map((id) => {
    const c = benchCase(id);
    const any = r.throughput.find((t) => t.case === id);
    const cells = columns.map(({ runtime, backend, threads = 1 }) => {
      const t = r.throughput.find((x) => x.case === id && x.runtime === runtime && x.backend === backend && (x.threads ?? 1) === threads);
      if (!t) return 'not run';
      if (t.status !== 'ok') return `${t.status} ${notes.ref(t.note ?? t.status)}`;
      const flops = t.flopsPerSecond! >= 1e6 ? ` (${fmt.flops(t.flopsPerSecond!)}FLOP/s)` : '';
      return `${fmt.rate(t.stepsPerSecond!)}${flops}${t.note ? ` ${notes.ref(t.note)}` : ''}`;
    });
    return [`${c.label} (${describeCase(c)})`, any ? `${fmt.flops(any.flopsPerStep)}FLOP` : '-', ...cells];
  });
  return table(['Model (page defaults)', 'FLOPs/step', ...columns.map((c) => `${c.title} steps/s`)], rows);
}

/** Issue 12's ratio: the page's worker on wasm against the same loop in Node (and the bare trainer), for the GAN Lab default. */
function pageAgainstNodeLine(r: BenchResults): string | null {
  const rate = (runtime: string, backend: string) => r.throughput.find((t) => t.case === 'ganlab' && t.runtime === runtime && t.backend === backend && t.status === 'ok' && (t.threads ?? 1) === 1)?.stepsPerSecond;
  const page = rate('chromium', 'wasm');
  const session = rate('node', SESSION_LOOP_BACKEND);
  const bare = rate('node', 'wasm');
  if (page === undefined || (session === undefined && bare === undefined)) return null;
  const pct = (x: number) => `${Math.round((100 * page) / x)}%`;
  const parts = [...(session !== undefined ? [`${pct(session)} of Node's session loop (the same work)`] : []), ...(bare !== undefined ? [`${pct(bare)} of Node's bare trainer loop`] : [])];
  return `GAN Lab default on wasm: the page's worker at ${fmt.rate(page)} steps/s, ${parts.join(', ')}.`;
}

/** GAN Lab's own training loop on webgl at its default experiment, measured in this Chromium (issue 12; its code is not in the repo). */
export const GAN_LAB_WEBGL_ITERATIONS_PER_S = { low: 42, high: 51 } as const;

/** Issue 12's webgl goal: the page's GAN Lab default on webgl against GAN Lab's own webgl rate. */
function webglAgainstGanLabLine(r: BenchResults): string | null {
  const t = r.throughput.find((x) => x.case === 'ganlab' && x.runtime === 'chromium' && x.backend === 'webgl' && x.status === 'ok');
  if (t?.stepsPerSecond === undefined) return null;
  const { low, high } = GAN_LAB_WEBGL_ITERATIONS_PER_S;
  const ratio = (x: number) => (t.stepsPerSecond! / x).toFixed(2);
  return `GAN Lab default on webgl: the page's worker at ${fmt.rate(t.stepsPerSecond)} steps/s${t.note ? ` (${t.note})` : ''}, ${ratio(high)}-${ratio(low)}x GAN Lab's own webgl loop (${low}-${high} it/s, measured in this Chromium).`;
}

/** Which adapter the node-webgpu section ran on, or why it did not run. */
function nodeWebgpuLine(r: BenchResults): string | null {
  const w = r.nodeWebgpu;
  if (!w) return null;
  const what = `Node webgpu (Dawn${w.webgpuPackage ? `, webgpu ${w.webgpuPackage}` : ''}${w.dawnFlags.length > 0 ? `, options ${w.dawnFlags.join(' ')}` : ''})`;
  if (w.status === 'ok') return `${what}: adapter ${w.adapter ?? 'unknown'}.`;
  return `${what}: ${w.status}${w.adapter ? ` on ${w.adapter}` : ''}: ${w.note ?? ''}.`;
}

function torchCudaTable(t: TorchResult, notes: Notes): string {
  if (t.status !== 'ok') return `PyTorch CUDA: ${t.status} ${notes.ref(t.note ?? '')}`;
  const rows = t.rows.map((row) => [
    `${benchCase(row.case).label} (${describeCase(benchCase(row.case))})`,
    `${fmt.rate(row.stepsPerSecond!)} (${fmt.flops(row.flopsPerStep! * row.stepsPerSecond!)}FLOP/s)`,
    row.vsWebgpu ? `${row.vsWebgpu.toFixed(2)}x` : '-',
  ]);
  return table([`PyTorch ${t.version ?? ''} CUDA on ${t.gpu ?? 'the GPU'}`, 'steps/s', 'vs our Node webgpu'], rows);
}

function torchTable(r: BenchResults, notes: Notes): string {
  if (r.torch.status !== 'ok') return `PyTorch reference: ${r.torch.status} ${notes.ref(r.torch.note ?? '')}`;
  const rows = r.torch.rows.map((t) => [
    benchCase(t.case).label,
    String(t.threads),
    `${fmt.rate(t.stepsPerSecond!)} (${fmt.flops(t.flopsPerStep! * t.stepsPerSecond!)}FLOP/s)`,
    t.vsWasm ? `${t.vsWasm.toFixed(2)}x` : '-',
    t.vsCpu ? `${t.vsCpu.toFixed(0)}x` : '-',
  ]);
  return table([`PyTorch ${r.torch.version ?? ''} CPU`, 'threads', 'steps/s', 'vs our Node wasm, same threads', 'vs our Node cpu'], rows);
}

/** Two trainers' steps/s and the second's extra time per step (managerOverhead.ts's compareTrainers). */
function comparisonTable(rows: readonly OverheadRow[], notes: Notes, header: readonly [string, string, string]): string {
  const cells = rows.map((o) =>
    o.status !== 'ok'
      ? [benchCase(o.case).label, o.backend, '-', '-', `${o.status} ${notes.ref(o.note ?? '')}`, '-']
      : [
          benchCase(o.case).label,
          `Node ${o.backend}`,
          fmt.rate(o.directStepsPerSecond!),
          fmt.rate(o.managerStepsPerSecond!),
          `${fmt.percent(o.overhead!)} (${fmt.percent(o.overheadMin!)} .. ${fmt.percent(o.overheadMax!)})`,
          fmt.percent(o.cpuOverhead!),
        ],
  );
  const [title, first, second] = header;
  return table([title, 'backend', first, second, 'extra time per step (range over blocks)', 'extra CPU time'], cells);
}

function overheadTable(r: BenchResults, notes: Notes): string {
  return comparisonTable(r.managerOverhead, notes, ['LossManager overhead', 'direct steps/s', 'via manager steps/s']);
}

function gradOverheadTable(r: BenchResults, notes: Notes): string {
  return comparisonTable(r.gradOverhead ?? [], notes, ['Gradient diagnostics, gradEvery 10', 'off steps/s', 'on steps/s']);
}

function emaOverheadTable(r: BenchResults, notes: Notes): string {
  const rows = r.emaOverhead ?? [];
  const alone = rows.filter((o) => o.status === 'ok' && o.note).map((o) => `${benchCase(o.case).label} on Node ${o.backend}: ${o.note}`);
  const table = comparisonTable(rows, notes, ['EMA generator (momentum 0.001)', 'without steps/s', 'with steps/s']);
  return alone.length > 0 ? `${table}\n\n${alone.join('; ')}.` : table;
}

function metricsCostTable(r: BenchResults, notes: Notes): string {
  const rows = (r.metricsCost ?? []).map((m) =>
    m.status !== 'ok'
      ? [benchCase(m.case).label, `Node ${m.backend}`, `${m.status} ${notes.ref(m.note ?? '')}`, '-', '-', '-']
      : [benchCase(m.case).label, `Node ${m.backend}`, fmt.ms(m.passMs!), fmt.ms(m.firstMs!), fmt.ms(m.stepMs!), fmt.percent(m.shareAtPageCadence!)],
  );
  return table(['Quality metrics, one measurement', 'backend', 'ms a pass', 'first pass ms', 'step ms', 'extra time at every 200 steps'], rows);
}

function warmupTable(r: BenchResults, notes: Notes): string {
  const where = (w: WarmupRow) => (w.runtime === 'node' ? 'Node (Dawn)' : 'Chromium');
  const rows = r.warmup.map((w) =>
    w.status !== 'ok'
      ? [benchCase(w.case).label, where(w), String(w.parallelCompile), `${w.status} ${notes.ref(w.note ?? '')}`, '-', '-']
      : [benchCase(w.case).label, where(w), String(w.parallelCompile), w.compileMs == null ? '-' : fmt.ms(w.compileMs), fmt.ms(w.firstStepMs!), fmt.ms(w.startToWarmMs!)],
  );
  return table(['First step on webgpu', 'runtime', 'parallelCompile', 'compile ms', 'first step ms', 'start to warmed up ms'], rows);
}

function memoryTable(r: BenchResults, notes: Notes): string {
  const rows = r.memory.map((m) => [
    `${m.runtime} ${m.backend}`,
    `${benchCase(m.case).label} (${m.config})`,
    (m.at ?? []).map((a) => `step ${a.step}: ${a.numTensors} tensors, ${a.numBytes.toLocaleString('en-US')} B`).join('; ') || '-',
    m.status !== 'ok' ? `${m.status} ${notes.ref(m.note ?? '')}` : m.equal ? 'yes' : '**no**',
    m.leftAfterReset === undefined ? '-' : String(m.leftAfterReset),
  ]);
  return table(['Memory', 'run', 'tensors and bytes when paused', 'equal', 'tensors left after reset'], rows);
}

function smoothnessTable(r: BenchResults, notes: Notes): string {
  const label = (id: SmoothnessRow['case']) => (id === 'idle' ? 'idle page (no run)' : benchCase(id).label);
  const rows = r.smoothness.map((s) =>
    s.status !== 'ok'
      ? [label(s.case), s.backend, `${s.status} ${notes.ref(s.note ?? '')}`, '-', '-', '-', '-']
      : [
          `${label(s.case)}${s.note ? ` ${notes.ref(s.note)}` : ''}`,
          `${s.backend}, ${s.windowSeconds!.toFixed(0)} s`,
          s.case === 'idle' ? '-' : fmt.rate(s.stepsPerSecond!),
          `${s.longTasks} (${fmt.ms(s.longTaskMs!)} ms; longest ${fmt.ms(s.longestTaskMs!)} ms)`,
          `${s.frames} (${s.framesOver50ms} over 50 ms; worst ${fmt.ms(s.worstFrameMs!)} ms)`,
          fmt.rate(s.messagesPerSecond!),
          s.bytesPerSecond! > 0 ? `${fmt.flops(s.bytesPerSecond!)}B/s` : '0',
        ],
  );
  return table(['Page while training', 'backend, window', 'steps/s', 'long tasks > 50 ms', 'frames', 'messages/s', 'bytes/s'], rows);
}

function chartLine(r: BenchResults): string {
  const c = r.chartRedraw;
  if (c.status !== 'ok') return `Chart redraw: ${c.status} (${c.note ?? ''})`;
  return (
    `Chart redraw, ${c.charts} tag charts x ${c.pointsPerChart.toLocaleString('en-US')} points (${c.columns} columns, default options), ` +
    `after each 100-step history batch: ${fmt.ms(c.redrawMeanMs!)} ms mean, p95 ${fmt.ms(c.redrawP95Ms!)} ms, worst ${fmt.ms(c.redrawWorstMs!)} ms ` +
    `(${fmt.ms(c.redrawCpuMs!)} ms CPU); first draw ${fmt.ms(c.firstDrawMs!)} ms.`
  );
}

/** The many-runs section in one paragraph; null where it did not run. */
export function manyRunsLine(r: Pick<BenchResults, 'manyRuns' | 'load'>): string | null {
  const m = r.manyRuns;
  if (!m) return null;
  const what = `Many runs: ${m.runs} runs x ${m.stepsPerRun.toLocaleString('en-US')} steps (3 losses each) overlaid`;
  if (m.status !== 'ok' || !m.load || !m.interaction) return `${what}: ${m.status} (${m.note ?? ''})`;
  const tasks = (s: TaskSummary) =>
    `longest main-thread task ${fmt.ms(s.longestWallMs)} ms wall, ${fmt.ms(s.longestCpuMs)} ms CPU; over 50 ms: ${s.over50WallMs} by wall time, ${s.over50CpuMs} by CPU time`;
  const load = r.load.find((l) => l.section === 'many-runs');
  return (
    `${what}${load ? ` (load average ${load.before[0]?.toFixed(1)} before, ${load.after[0]?.toFixed(1)} after)` : ''}: ` +
    `first draw ${fmt.ms(m.firstDrawMs!)} ms after the reload (${tasks(m.load)}); ` +
    `${m.interaction.seconds.toFixed(0)} s of hovering and zooming (${m.interaction.tooltipRows} tooltip rows): ${tasks(m.interaction)}.`
  );
}

function machineLines(r: BenchResults): string {
  const m = r.machine;
  const load = (s: readonly number[]) => s.map((x) => x.toFixed(2)).join(' / ');
  const first = r.load[0];
  const last = r.load.at(-1);
  return [
    `Measured ${m.date.slice(0, 16).replace('T', ' ')} UTC (${r.mode} run, ${Math.round(r.durationSeconds)} s, git ${m.git}) on ${m.cpu}, ` +
      `${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}; Node ${m.node}, tfjs ${m.tfjs}` +
      (m.chromium ? `, Chromium ${m.chromium}` : '') +
      (m.torch ? `, PyTorch ${m.torch}` : '') +
      '.',
    `WebGPU adapter: ${m.webgpuAdapter ?? 'not seen'}. WebGL renderer: ${m.webglRenderer ?? 'not seen'}.`,
    first && last
      ? `Load average (1 / 5 / 15 min) ${load(first.before)} before, ${load(last.after)} after, on ${m.cores} cores` +
        (Math.max(...r.load.flatMap((l) => [l.before[0] ?? 0, l.after[0] ?? 0])) > m.cores * 0.75
          ? ': the machine was busy with other jobs, so wall-clock figures are low and noisy.'
          : '.')
      : '',
  ].join('  \n');
}

export function renderMarkdown(r: BenchResults): string {
  const notes = new Notes();
  const webgpu = nodeWebgpuLine(r);
  const versus = pageAgainstNodeLine(r);
  const webglVersus = webglAgainstGanLabLine(r);
  const parts = [
    machineLines(r),
    `Training steps per second (one step = one D and one G update), with the achieved FLOP/s:\n\n${throughputTable(r, notes)}`,
    ...(versus ? [versus] : []),
    ...(webglVersus ? [webglVersus] : []),
    ...(webgpu ? [webgpu] : []),
    torchTable(r, notes),
    ...(r.torchCuda ? [torchCudaTable(r.torchCuda, notes)] : []),
    overheadTable(r, notes),
    ...(r.gradOverhead && r.gradOverhead.length > 0 ? [gradOverheadTable(r, notes)] : []),
    ...(r.emaOverhead && r.emaOverhead.length > 0 ? [emaOverheadTable(r, notes)] : []),
    ...(r.metricsCost && r.metricsCost.length > 0 ? [metricsCostTable(r, notes)] : []),
    ...(r.sweepJobs && r.sweepJobs.length > 0 ? [sweepTable(r.sweepJobs, 'CLI sweep (`--sweep`), processes: --jobs')] : []),
    ...(r.sweepWorkers && r.sweepWorkers.length > 0 ? [sweepTable(r.sweepWorkers, "Page sweep (Sweep panel, wasm): workers (1 = the page's own)")] : []),
    warmupTable(r, notes),
    memoryTable(r, notes),
    smoothnessTable(r, notes),
    chartLine(r),
  ];
  const runs = manyRunsLine(r);
  if (runs) parts.push(runs);
  const footnotes = notes.render();
  if (footnotes) parts.push(footnotes);
  if (r.errors.length > 0) parts.push(`Errors: ${r.errors.join('; ')}`);
  parts.push(`What limits each figure:\n\n${Object.entries(r.limits).map(([k, v]) => `- ${k}: ${v}`).join('\n')}`);
  return `${parts.join('\n\n')}\n`;
}
