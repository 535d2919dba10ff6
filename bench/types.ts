// The shape of bench/results/latest.json.
import type { CaseId } from './cases';

export type Status = 'ok' | 'failed' | 'skipped' | 'unavailable';

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

export interface TorchRow {
  readonly case: 'dcgan28' | 'pix2pix32';
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
}

export interface TorchResult {
  readonly status: Status;
  readonly note?: string;
  readonly version?: string;
  readonly rows: TorchRow[];
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
  readonly parallelCompile: boolean;
  readonly status: Status;
  readonly note?: string;
  readonly backend?: string;
  /** The worker's warm-up compile (null when off). */
  readonly compileMs?: number | null;
  /** The worker's first step, read back. */
  readonly firstStepMs?: number;
  /** From `start` in the page to 'warmedUp' in the page: what a person waits for. */
  readonly startToWarmMs?: number;
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

export interface BenchResults {
  readonly schema: 1;
  readonly mode: 'full' | 'quick';
  readonly machine: MachineInfo;
  readonly load: LoadRecord[];
  readonly durationSeconds: number;
  readonly throughput: ThroughputRow[];
  readonly torch: TorchResult;
  readonly managerOverhead: OverheadRow[];
  readonly warmup: WarmupRow[];
  readonly memory: MemoryRow[];
  readonly smoothness: SmoothnessRow[];
  readonly chartRedraw: ChartRedrawResult;
  /** What limits each figure, in words. */
  readonly limits: Record<string, string>;
  /** Sections that threw, with the message. */
  readonly errors: string[];
}
