// Runs bench/torch/reference.py (PyTorch on the CPU or CUDA, the same layers, batch and
// optimizer) and sets its steps/s beside ours.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { benchCase, flopsPerStep } from '../cases';
import { caseWanted, fmt, LEFT_OUT_BY_CASES, type BenchContext } from '../context';
import { threadedCounts } from '../node/throughput';
import type { ThroughputRow, TorchCase, TorchResult, TorchRow } from '../types';

/** Debian's python3-torch; PYTHON overrides. */
const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';

interface TorchLine {
  case: TorchCase;
  device?: 'cpu' | 'cuda';
  /** CUDA: the GPU's name. */
  gpu?: string;
  threads: number;
  torch: string;
  steps: number;
  seconds: number;
  cpu_seconds: number;
  steps_per_second: number;
}

function runPython(args: string[], onLine: (line: TorchLine) => void): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, ['bench/torch/reference.py', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let buffered = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line.trim().startsWith('{')) onLine(JSON.parse(line) as TorchLine);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

/** Our Node row for a case and backend at `threads` (1: the single-threaded binary). */
const ours = (rows: readonly ThroughputRow[], id: string, backend: string, threads = 1) =>
  rows.find((r) => r.runtime === 'node' && r.case === id && r.backend === backend && (r.threads ?? 1) === threads && r.status === 'ok')?.stepsPerSecond;

/** reference.py's exit status when --device cuda finds no CUDA. */
const NO_CUDA_EXIT = 3;

/** Why a run of reference.py that did not exit 0 gave nothing. */
function pythonProblem(result: { code: number | null; stderr: string }): TorchResult {
  const last = result.stderr.trim().split('\n').at(-1) ?? '';
  if (/No module named 'torch'/.test(result.stderr)) return { status: 'unavailable', note: `${PYTHON} has no torch (apt-get install python3-torch)`, rows: [] };
  if (result.code === NO_CUDA_EXIT) return { status: 'unavailable', note: `${last} (PYTHON= picks an interpreter whose torch has CUDA)`, rows: [] };
  return { status: 'failed', note: last, rows: [] };
}

/**
 * At one thread and at the thread counts our threaded wasm rows ran at (bench/node/throughput.ts),
 * each set beside our wasm on as many threads; --quick: one thread only.
 */
export async function torchReference(ctx: BenchContext, nodeRows: readonly ThroughputRow[]): Promise<TorchResult> {
  const threads = (ctx.quick ? [1] : [1, ...threadedCounts(availableParallelism())]).join(',');
  const seconds = ctx.quick ? '2' : '4';
  const rows: TorchRow[] = [];
  const cases = CPU_CASES.filter((id) => caseWanted(ctx, id));
  if (cases.length === 0) return { status: 'skipped', note: LEFT_OUT_BY_CASES, rows };
  let version: string | undefined;
  let result: { code: number | null; stderr: string };
  try {
    result = await runPython(['--seconds', seconds, '--threads', threads, '--cases', cases.join(',')], (line) => {
      version = line.torch;
      const c = benchCase(line.case);
      const flops = flopsPerStep(ctx.flops[line.case], c.settings.batchSize);
      const wasm = ours(nodeRows, line.case, 'wasm', line.threads);
      const cpu = ours(nodeRows, line.case, 'cpu');
      const row: TorchRow = {
        case: line.case,
        device: 'cpu',
        threads: line.threads,
        status: 'ok',
        steps: line.steps,
        seconds: line.seconds,
        stepsPerSecond: line.steps_per_second,
        stepsPerCpuSecond: line.steps / line.cpu_seconds,
        flopsPerStep: flops,
        ...(wasm ? { vsWasm: line.steps_per_second / wasm } : {}),
        ...(cpu ? { vsCpu: line.steps_per_second / cpu } : {}),
      };
      rows.push(row);
      ctx.log(
        `torch ${line.case} (${line.threads} thread${line.threads === 1 ? '' : 's'}): ${fmt.rate(line.steps_per_second)} steps/s` +
          (row.vsWasm ? `, ${row.vsWasm.toFixed(2)}x our node wasm on as many threads` : '') +
          (row.vsCpu ? `, ${row.vsCpu.toFixed(1)}x our node cpu` : ''),
      );
    });
  } catch (error) {
    return { status: 'unavailable', note: `${PYTHON} did not start (${error instanceof Error ? error.message : String(error)})`, rows };
  }
  if (result.code !== 0) return { ...pythonProblem(result), rows };
  return { status: 'ok', ...(version ? { version } : {}), rows };
}

/** The cases PyTorch trains on CUDA: every one reference.py mirrors, GPU-sized included. */
export const CUDA_CASES: readonly TorchCase[] = ['dcgan28', 'pix2pix32', 'pix2pix64', 'dcgan28-wide'];
/** The cases PyTorch trains on the CPU (reference.py's default). */
export const CPU_CASES: readonly TorchCase[] = ['dcgan28', 'pix2pix32'];

/** PyTorch on the machine's CUDA GPU beside our Node webgpu rows; "no CUDA" where there is none. */
export async function torchCuda(ctx: BenchContext, webgpuRows: readonly ThroughputRow[]): Promise<TorchResult> {
  const rows: TorchRow[] = [];
  let version: string | undefined;
  let gpu: string | undefined;
  let result: { code: number | null; stderr: string };
  const cases = (ctx.quick ? CUDA_CASES.slice(0, 2) : CUDA_CASES).filter((id) => caseWanted(ctx, id));
  if (cases.length === 0) return { status: 'skipped', note: LEFT_OUT_BY_CASES, rows };
  try {
    result = await runPython(['--device', 'cuda', '--threads', '1', '--seconds', ctx.quick ? '2' : '4', '--cases', cases.join(',')], (line) => {
      version = line.torch;
      gpu = line.gpu;
      const c = benchCase(line.case);
      const webgpu = ours(webgpuRows, line.case, 'webgpu');
      rows.push({
        case: line.case,
        device: 'cuda',
        threads: line.threads,
        status: 'ok',
        steps: line.steps,
        seconds: line.seconds,
        stepsPerSecond: line.steps_per_second,
        stepsPerCpuSecond: line.steps / line.cpu_seconds,
        flopsPerStep: flopsPerStep(ctx.flops[line.case], c.settings.batchSize),
        ...(webgpu ? { vsWebgpu: line.steps_per_second / webgpu } : {}),
      });
      ctx.log(`torch cuda ${line.case} on ${line.gpu ?? 'the GPU'}: ${fmt.rate(line.steps_per_second)} steps/s${webgpu ? `, ${(line.steps_per_second / webgpu).toFixed(2)}x our node webgpu` : ''}`);
    });
  } catch (error) {
    return { status: 'unavailable', note: `${PYTHON} did not start (${error instanceof Error ? error.message : String(error)})`, rows };
  }
  if (result.code !== 0) {
    const problem = { ...pythonProblem(result), rows };
    ctx.log(`torch cuda: ${problem.status}: ${problem.note ?? ''}`);
    return problem;
  }
  return { status: 'ok', ...(version ? { version } : {}), ...(gpu ? { gpu } : {}), rows };
}
