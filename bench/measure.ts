// Timing in Node: steps run until enough time and steps are in, with the process's CPU time
// beside the wall clock, since this machine's two cores are shared with other jobs.

/** A measured run of training steps. */
export interface StepRate {
  readonly steps: number;
  readonly wallSeconds: number;
  /** User + system CPU time of this process (every thread) over the same steps. */
  readonly cpuSeconds: number;
  readonly stepsPerSecond: number;
  /** Steps per second of this process's CPU time: what a step costs when the cores are shared. */
  readonly stepsPerCpuSecond: number;
  /** Seconds of the first (warm-up) step, which also pays for one-time work. */
  readonly firstStepSeconds: number;
  /** The first step was slow enough to count as a sample instead of being thrown away. */
  readonly firstStepKept: boolean;
}

export interface RateOptions {
  /** Keep stepping until this much wall time has passed... */
  readonly minSeconds: number;
  /** ...and this many steps are in... */
  readonly minSteps: number;
  /** ...unless this much wall time has passed (one step at least). */
  readonly maxSeconds: number;
  /** A first step slower than this is counted (no compile to exclude on cpu/wasm; it saves a step of tens of seconds). */
  readonly slowStepSeconds: number;
  /** Steps between `sync` calls (the CLI reads losses back every 10). */
  readonly syncEvery: number;
}

/** This process's CPU seconds so far (user + system). */
export const cpuNow = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/** Lets timers and I/O run between steps, as the CLI and the worker do. */
export const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Times `step` after one warm-up step. `sync` waits for the work to be done (a read-back);
 * it runs every `syncEvery` steps and once at the end, inside the timed span.
 */
export async function measureSteps(step: () => void, sync: () => Promise<unknown>, options: RateOptions): Promise<StepRate> {
  const w0 = performance.now();
  const c0 = cpuNow();
  step();
  await sync();
  const firstStepSeconds = (performance.now() - w0) / 1000;
  const firstStepKept = firstStepSeconds > options.slowStepSeconds;
  let steps = firstStepKept ? 1 : 0;
  const start = firstStepKept ? w0 : performance.now();
  const cpuStart = firstStepKept ? c0 : cpuNow();
  const elapsed = () => (performance.now() - start) / 1000;
  for (;;) {
    const t = elapsed();
    if (steps >= 1 && t >= options.maxSeconds) break;
    if (steps >= options.minSteps && t >= options.minSeconds) break;
    step();
    steps++;
    if (steps % options.syncEvery === 0) {
      await sync();
      await yieldToEvents();
    }
  }
  await sync();
  const wallSeconds = elapsed();
  const cpuSeconds = cpuNow() - cpuStart;
  return {
    steps,
    wallSeconds,
    cpuSeconds,
    stepsPerSecond: steps / wallSeconds,
    stepsPerCpuSecond: steps / cpuSeconds,
    firstStepSeconds,
    firstStepKept,
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The value at fraction q of the sorted values (nearest rank). */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

/** Per-call wall and CPU milliseconds of a synchronous function. */
export function timeCalls(fn: () => void, runs: number): { meanMs: number; p95Ms: number; worstMs: number; cpuMs: number } {
  const times: number[] = [];
  const c0 = cpuNow();
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  const cpuMs = ((cpuNow() - c0) * 1000) / runs;
  return { meanMs: times.reduce((a, b) => a + b, 0) / runs, p95Ms: quantile(times, 0.95), worstMs: Math.max(...times), cpuMs };
}
