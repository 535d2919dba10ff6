// A page sweep's variants trained in workers of their own, N at once, each variant a run in the
// archive. The page's worker (the one its charts and controls drive) is never used: a sweep
// here leaves the page's run as it is, and the page's controls never touch a variant.
import { PROTOCOL_VERSION, type TrainingEvent } from '../../protocol/messages';
import { validateRunSettings } from '../../protocol/runSettings';
import type { Variant } from '../../protocol/sweep';
import { appendBatch } from '../archive/columns';
import { recordSideRun, type SideRun } from '../archive/sideRun';
import type { RunArchive } from '../runArchive';
import type { TrainingClient } from '../trainingClient';
import type { Series } from '../../state/series';
import { finalValues, type Outcome, type VariantOutcome } from './variantOutcome';

/**
 * How many workers a page sweep uses by default: half the cores, at least 1, at most 4. The
 * other half is left to the page's main thread (the charts), the page's own worker and the
 * browser; each worker loads its own tfjs and backend (a wasm heap, or a WebGPU device on the
 * one GPU, which more workers only share), so more than 4 buys little for the memory. 1 keeps
 * the sweep in the page's worker, its variants live on the charts. A 2-core machine gets 1.
 */
export function defaultSweepWorkers(cores: number | undefined): number {
  return Math.max(1, Math.min(4, Math.floor((cores ?? 2) / 2)));
}

/** The most workers the panel offers: the core count (at least 1, at most 8). */
export function maxSweepWorkers(cores: number | undefined): number {
  return Math.max(1, Math.min(8, Math.floor(cores ?? 1)));
}

export interface WorkerSweepDeps {
  /** Starts a training worker (with the role 'sweep', so it keeps no checkpoint). */
  readonly makeWorker: (onEvent: (event: TrainingEvent) => void) => TrainingClient;
  /** Where each variant is kept as a run; null keeps none (no IndexedDB). */
  readonly archive: RunArchive | null;
}

export interface WorkerSweepHooks {
  started(index: number, runId: string | null): void;
  step(index: number, step: number): void;
  /** The variant ended; the next waits for this (the run is shown on the charts there). */
  ended(index: number, outcome: VariantOutcome): Promise<void>;
}

export interface WorkerSweep {
  /** Trains the variants `workers` at a time; resolves when every started variant has ended. */
  run(variants: readonly Variant[], steps: number, workers: number, hooks: WorkerSweepHooks): Promise<void>;
  /** Ends every variant in flight as stopped (their workers are ended) and starts no more. */
  stop(): void;
}

export function createWorkerSweep(deps: WorkerSweepDeps): WorkerSweep {
  let stopping = false;
  const interrupts = new Set<() => void>();

  /** One variant in `client`: resolves when it pauses at its steps, fails, or is stopped. */
  function train(client: TrainingClient, route: (handler: ((e: TrainingEvent) => void) | null) => void, variant: Variant, index: number, steps: number, hooks: WorkerSweepHooks) {
    const series = new Map<string, Series>();
    const checked = validateRunSettings(variant.settings);
    const side: SideRun | null = checked.ok && deps.archive ? recordSideRun(deps.archive, variant.settings, variant.name) : null;
    hooks.started(index, side?.id ?? null);
    return new Promise<VariantOutcome>((resolve) => {
      const finish = (outcome: Outcome) => {
        route(null);
        interrupts.delete(interrupt);
        side?.end(outcome.status === 'failed' ? 'failed' : 'stopped');
        resolve({ ...outcome, final: finalValues(series) });
      };
      const interrupt = () => finish({ status: 'stopped' });
      if (!checked.ok) return finish({ status: 'failed', message: `the run settings are not valid: ${checked.message}` });
      interrupts.add(interrupt);
      route((event) => {
        side?.onEvent(event);
        if (event.type === 'history') appendBatch(series, event.batch);
        else if (event.type === 'progress') hooks.step(index, event.progress.step);
        else if (event.type === 'paused' && event.step >= steps) finish({ status: 'done' });
        else if (event.type === 'stopped' || event.type === 'failed') finish({ status: 'failed', message: event.message });
      });
      client.send({ type: 'start', version: PROTOCOL_VERSION, settings: variant.settings });
    });
  }

  /** A worker that trains variants from the shared queue one after another, until none is left. */
  async function slot(queue: Iterator<[number, Variant]>, steps: number, hooks: WorkerSweepHooks): Promise<void> {
    let handler: ((e: TrainingEvent) => void) | null = null;
    const route = (h: typeof handler) => (handler = h);
    const open = () => deps.makeWorker((event) => handler?.(event));
    let client: TrainingClient | null = null;
    try {
      for (let next = queue.next(); !next.done && !stopping; next = queue.next()) {
        const [index, variant] = next.value;
        client ??= open();
        const outcome = await train(client, route, variant, index, steps, hooks);
        // A failed worker (a trapped backend) may not train again: the next variant gets a fresh one.
        if (outcome.status !== 'done') {
          client.terminate();
          client = null;
        }
        await hooks.ended(index, outcome);
      }
    } finally {
      client?.terminate();
    }
  }

  return {
    async run(variants, steps, workers, hooks) {
      stopping = false;
      const queue = variants.entries();
      const n = Math.max(1, Math.min(Math.floor(workers), variants.length));
      await Promise.all(Array.from({ length: n }, () => slot(queue, steps, hooks)));
    },
    stop() {
      stopping = true;
      [...interrupts].forEach((interrupt) => interrupt());
    },
  };
}
