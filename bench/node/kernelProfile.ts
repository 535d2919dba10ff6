// Where a training step's time goes on wasm, per kernel: every registered wasm kernel is
// wrapped with a timer (wasm kernels run synchronously, so a kernel's wall time is its cost),
// self time only, since this project's kernels call wasm's own from inside.
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig } from '@tensorflow/tfjs';

export interface KernelCost {
  readonly kernel: string;
  readonly calls: number;
  /** Time in the kernel itself, less the kernels it ran inside. */
  readonly selfMs: number;
}

export interface KernelProfile {
  readonly steps: number;
  /** CPU time per step (the least over the rounds). */
  readonly stepMs: number;
  /** Per step, largest first. */
  readonly kernels: readonly KernelCost[];
  /** Per step: the step's time outside every kernel (tape, gradients' bookkeeping, JS). */
  readonly outsideMs: number;
}

/**
 * Wraps every kernel registered for `backend` with a self-time counter and returns a stop
 * function that puts the originals back and gives the counts.
 */
export function wrapKernels(backend: string): () => Map<string, { calls: number; selfMs: number }> {
  const originals = tf.getKernelsForBackend(backend);
  const counts = new Map<string, { calls: number; selfMs: number }>();
  const stack: number[] = []; // time spent in children of each open kernel
  for (const config of originals) {
    const { kernelName, kernelFunc } = config;
    const entry = { calls: 0, selfMs: 0 };
    counts.set(kernelName, entry);
    const wrapped: KernelConfig = {
      ...config,
      kernelFunc: (args) => {
        const start = performance.now();
        stack.push(0);
        try {
          return kernelFunc(args);
        } finally {
          const total = performance.now() - start;
          const children = stack.pop()!;
          entry.calls++;
          entry.selfMs += total - children;
          if (stack.length > 0) stack[stack.length - 1]! += total;
        }
      },
    };
    tf.unregisterKernel(kernelName, backend);
    tf.registerKernel(wrapped);
  }
  return () => {
    for (const config of originals) {
      tf.unregisterKernel(config.kernelName, backend);
      tf.registerKernel(config);
    }
    return counts;
  };
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/**
 * Runs `step` in `rounds` rounds of `steps` (after `warmup` untimed ones) with every kernel of
 * the current backend timed. This machine is shared: a kernel's figure is the least of its
 * per-step time over the rounds, and the step's the least CPU time per step of a round.
 */
export async function profileSteps(step: () => void, sync: () => Promise<unknown>, { rounds = 3, steps = 4, warmup = 2 } = {}): Promise<KernelProfile> {
  for (let i = 0; i < warmup; i++) step();
  await sync();
  const best = new Map<string, KernelCost>();
  let stepMs = Infinity;
  for (let r = 0; r < rounds; r++) {
    const stop = wrapKernels(tf.getBackend());
    const start = cpuMs();
    let counts: Map<string, { calls: number; selfMs: number }>;
    try {
      for (let i = 0; i < steps; i++) step();
      await sync();
    } finally {
      counts = stop();
    }
    stepMs = Math.min(stepMs, (cpuMs() - start) / steps);
    for (const [kernel, c] of counts) {
      if (c.calls === 0) continue;
      const cost = { kernel, calls: c.calls / steps, selfMs: c.selfMs / steps };
      if (cost.selfMs < (best.get(kernel)?.selfMs ?? Infinity)) best.set(kernel, cost);
    }
  }
  const kernels = [...best.values()].sort((a, b) => b.selfMs - a.selfMs);
  const inKernels = kernels.reduce((s, k) => s + k.selfMs, 0);
  return { steps: rounds * steps, stepMs, kernels, outsideMs: stepMs - inKernels };
}
