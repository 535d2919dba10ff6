// The shape of bench/results/latest.json.
import type { CaseId } from './cases';
import type { AdapterFacts } from './node/dawn';

export type Status = 'ok' | 'failed' | 'skipped' | 'unavailable';

/** The backend name of the GAN Lab default through the worker's session loop in Node (bench/node/sessionRate.ts): its own column. */
export const SESSION_LOOP_BACKEND = 'wasm-session';

export interface ThroughputRow {
  readonly case: CaseId;
  readonly label: string;
  /** Model size and batch, e.g. "width 16, batch 32". */
  readonly config: string;
  readonly runtime: 'node' | 'chromium';
  readonly backend: string;
  /** Node wasm on its threaded SIMD binary: the threads (absent: one thread). */
  readonly threads?: number;
  readonly status: Status;
  /** Why it failed or was skipped, or what else limits the figure. */
  readonly note?: string;
  readonly steps?: number;
  readonly seconds?: number;
  readonly stepsPerSecond?: number;
  /** Node only: steps per second of the process's CPU time. */
  readonly stepsPerCpuSecond?: number;
  readonly firstStepSeconds?: number;
  readonly flopsPerStep: number;
  /** flopsPerStep x stepsPerSecond. */
  readonly flopsPerSecond?: number;
}

/** The cases bench/torch/reference.py mirrors. */
export type TorchCase = Extract<CaseId, 'dcgan28' | 'pix2pix32' | 'pix2pix64' | 'dcgan28-wide'>;

export interface TorchRow {
  readonly case: TorchCase;
  /** Absent in results before CUDA was measured: the CPU. */
  readonly device?: 'cpu' | 'cuda';
  readonly threads: number;
  readonly status: Status;
  readonly note?: string;
  readonly steps?: number;
  readonly seconds?: number;
  readonly stepsPerSecond?: number;
  readonly stepsPerCpuSecond?: number;
  readonly flopsPerStep?: number;
  /** PyTorch's steps/s over ours on the same machine: > 1 means PyTorch is faster. */
  readonly vsWasm?: number;
  readonly vsCpu?: number;
  /** CUDA: PyTorch's steps/s over ours on Node webgpu (Dawn) in the same run. */
  readonly vsWebgpu?: number;
}

export interface TorchResult {
  readonly status: Status;
  readonly note?: string;
  readonly version?: string;
  /** CUDA: the GPU's name, as torch.cuda.get_device_name gives it. */
  readonly gpu?: string;
  readonly rows: TorchRow[];
}

/** What one quality measurement (src/engine/metrics) costs beside a training step. */
export interface MetricsCostRow {
  readonly case: CaseId;
  readonly backend: string;
  readonly status: Status;
  readonly note?: string;
  /** Passes timed after the first. */
  readonly passes?: number;
  /** The first pass, which also makes the evaluation set (DCGAN: the held-out digits' features). */
  readonly firstMs?: number;
  /** Mean of the later passes. */
  readonly passMs?: number;
  /** Mean training step (with its read-back) of the same run. */
  readonly stepMs?: number;
  /** passMs / (200 x stepMs): the extra time at the page's cadence. */
  readonly shareAtPageCadence?: number;
}

export interface OverheadRow {
  readonly case: CaseId;
  readonly backend: string;
  readonly status: Status;
  readonly note?: string;
  /** Blocks of alternating steps. */
  readonly rounds?: number;
  /** Steps per second of each trainer's own (timed) time. */
  readonly directStepsPerSecond?: number;
  readonly managerStepsPerSecond?: number;
  /** Manager time / direct time - 1 over all blocks: the manager's extra time per step. */
  readonly overhead?: number;
  /** The same per block: the spread shows the noise. */
  readonly overheadMin?: number;
  readonly overheadMax?: number;
  /** The same from CPU time, less sensitive to other jobs on the machine. */
  readonly cpuOverhead?: number;
}

export interface WarmupRow {
  readonly case: CaseId;
  /** Absent in results before Node was measured: Chromium. */
  readonly runtime?: 'node' | 'chromium';
  readonly parallelCompile: boolean;
  readonly status: Status;
  readonly note?: string;
  readonly backend?: string;
  /** The worker's warm-up compile (null when off). */
  readonly compileMs?: number | null;
  /** The worker's first step, read back. */
  readonly firstStepMs?: number;
  /** From `start` in the page to 'warmedUp' in the page: what a person waits for (Node: from the backend's start to the first step read back). */
  readonly startToWarmMs?: number;
}

/** The node-webgpu section: which Dawn adapter ran it, or why it did not run. */
export interface NodeWebgpuSummary {
  readonly status: Status;
  readonly note?: string;
  /** The adapter in one line, e.g. "nvidia / hopper / NVIDIA H100 80GB HBM3". */
  readonly adapter?: string;
  readonly adapterInfo?: AdapterFacts;
  /** Options passed to Dawn's create() (`--dawn`). */
  readonly dawnFlags: readonly string[];
  /** The version of the `webgpu` package, where installed. */
  readonly webgpuPackage?: string;
}

export interface MemoryRow {
  readonly case: CaseId;
  readonly runtime: 'node' | 'chromium';
  readonly backend: string;
  readonly config: string;
  readonly status: Status;
  readonly note?: string;
  /** Snapshots when the run was paused (everything read back, nothing pending). */
  readonly at?: { readonly step: number; readonly numTensors: number; readonly numBytes: number; readonly numBytesInGPU?: number | null }[];
  /** Tensors and bytes (numBytes: the tensors' own) equal at every snapshot. */
  readonly equal?: boolean;
  /** Node: tensors left after the run was reset, against before it started. */
  readonly leftAfterReset?: number;
}

export interface SmoothnessRow {
  /** 'idle': the page with no run, as a baseline. */
  readonly case: CaseId | 'idle';
  readonly backend: string;
  readonly status: Status;
  readonly note?: string;
  readonly windowSeconds?: number;
  readonly stepsPerSecond?: number;
  readonly longTasks?: number;
  readonly longTaskMs?: number;
  readonly longestTaskMs?: number;
  readonly frames?: number;
  readonly framesOver50ms?: number;
  readonly worstFrameMs?: number;
  readonly messagesPerSecond?: number;
  readonly bytesPerSecond?: number;
  readonly byType?: Record<string, { readonly count: number; readonly bytes: number }>;
}

export interface ChartRedrawResult {
  readonly status: Status;
  readonly note?: string;
  readonly charts: number;
  readonly pointsPerChart: number;
  readonly columns: number;
  readonly firstDrawMs?: number;
  readonly redrawMeanMs?: number;
  readonly redrawP95Ms?: number;
  readonly redrawWorstMs?: number;
  readonly redrawCpuMs?: number;
}

/** Main-thread tasks of a page over a window, from a Chrome trace (test/e2e/mainThreadTasks.ts). */
export interface TaskSummary {
  /** Tasks the trace saw. */
  readonly tasks: number;
  /** The largest wall time of any task, and the largest CPU time (not necessarily the same task). */
  readonly longestWallMs: number;
  readonly longestCpuMs: number;
  readonly over50WallMs: number;
  readonly over50CpuMs: number;
}

/** 8 stored runs of 100,000 steps overlaid, loaded, hovered and zoomed (bench/browser/manyRuns.ts). */
export interface ManyRunsResult {
  readonly status: Status;
  readonly note?: string;
  readonly runs: number;
  readonly stepsPerRun: number;
  /** From the reload to every run's line drawn in the G and D charts. */
  readonly firstDrawMs?: number;
  /** The tasks from the reload to that first draw. */
  readonly load?: TaskSummary;
  /** The tasks while hovering across a chart, drag-zooming in, hovering, and zooming back out. */
  readonly interaction?: TaskSummary & { readonly seconds: number; readonly tooltipRows: number };
}

export interface MachineInfo {
  readonly date: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  readonly tfjs: string;
  readonly chromium?: string;
  readonly webgpuAdapter?: string;
  readonly webglRenderer?: string;
  readonly torch?: string;
  readonly git: string;
}

export interface LoadRecord {
  readonly section: string;
  /** 1, 5 and 15 minute load averages before and after the section. */
  readonly before: readonly number[];
  readonly after: readonly number[];
  readonly seconds: number;
}

/** One timed sweep (bench/node/sweepJobs.ts, bench/browser/sweepWorkers.ts). */
export interface SweepTimingRow {
  /** The CLI (`--sweep`, processes) or the page (its Sweep panel, workers). */
  readonly where: 'cli' | 'page';
  /** `--jobs`, or the page's workers (1: the page's own worker, one variant after another). */
  readonly workers: number;
  readonly variants: number;
  readonly steps: number;
  /** Wall time of the whole sweep. */
  readonly seconds: number;
  /** The 1, 5 and 15 minute load averages before it. */
  readonly load: readonly number[];
  readonly status: 'ok' | 'failed';
  readonly note?: string;
}

export interface BenchResults {
  readonly schema: 1;
  readonly mode: 'full' | 'quick';
  readonly machine: MachineInfo;
  readonly load: LoadRecord[];
  readonly durationSeconds: number;
  readonly throughput: ThroughputRow[];
  readonly torch: TorchResult;
  /** PyTorch on CUDA (the torch-cuda section); absent in older results. */
  readonly torchCuda?: TorchResult;
  /** Absent in older results and when the section did not run. */
  readonly nodeWebgpu?: NodeWebgpuSummary;
  readonly managerOverhead: OverheadRow[];
  /** gradEvery 10 against off: `direct` is off, `manager` is on. Absent in results from before it existed. */
  readonly gradOverhead?: OverheadRow[];
  /** An EMA generator against none: `direct` is without, `manager` with. Absent in results from before it existed. */
  readonly emaOverhead?: OverheadRow[];
  /** One quality measurement per family (bench/node/metricsCost.ts). Absent in results from before it existed. */
  readonly metricsCost?: MetricsCostRow[];
  /** The CLI sweep with --jobs 1 and 2 (sweep-jobs). Absent in results from before it existed. */
  readonly sweepJobs?: SweepTimingRow[];
  /** The page's sweep in 1 and 2 workers (sweep-workers). Absent in results from before it existed. */
  readonly sweepWorkers?: SweepTimingRow[];
  readonly warmup: WarmupRow[];
  readonly memory: MemoryRow[];
  readonly smoothness: SmoothnessRow[];
  readonly chartRedraw: ChartRedrawResult;
  /** The many-runs section. Absent in results from before it existed and when it did not run. */
  readonly manyRuns?: ManyRunsResult;
  /** What limits each figure, in words. */
  readonly limits: Record<string, string>;
  /** Sections that threw, with the message. */
  readonly errors: string[];
}
