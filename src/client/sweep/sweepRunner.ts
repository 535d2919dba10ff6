// Runs a page sweep's variants: with one worker, one after another in the playground's worker
// (each an ordinary stored run, named after its variant, that pauses itself at the sweep's steps
// with stopAtStep, live on the charts); with more, N at once in workers of their own
// (sweepWorkers.ts), the page's worker left to the page. Either way each variant is kept as a
// run and shown on the charts as it ends, and a sweep over several seeds turns on 'Group by seed'.
import type { TrainingEvent } from '../../protocol/messages';
import type { Variant } from '../../protocol/sweep';
import type { SweepStore } from '../../state/sweepStore';
import type { Playground } from '../playground';
import { createTrainingClient } from '../trainingClient';
import { createWorkerSweep, type WorkerSweepDeps } from './sweepWorkers';
import { finalValues, type Outcome, type VariantOutcome } from './variantOutcome';

export { finalValues } from './variantOutcome';

export interface SweepRunner {
  /**
   * Runs the variants: with `workers` 0 (the default) one after another in the page's worker,
   * with N >= 1 N at a time in workers of their own; resolves when the last ends or Stop ends
   * the sweep.
   */
  run(variants: readonly Variant[], axes: readonly string[], steps: number, workers?: number): Promise<void>;
  /** Pauses (one worker) or ends (several) the variants training now, and runs no more. */
  stop(): void;
}

export interface SweepRunnerOptions {
  /** Starts an extra worker for a sweep of several. @default a training worker with the role 'sweep' */
  readonly makeWorker?: WorkerSweepDeps['makeWorker'];
}

export function createSweepRunner(playground: Playground, store: SweepStore, { makeWorker = (onEvent) => createTrainingClient(onEvent, 'sweep') }: SweepRunnerOptions = {}): SweepRunner {
  const { stores } = playground;
  const workerSweep = createWorkerSweep({ makeWorker, archive: playground.archive });
  let inWorkers = false;
  /** Ends the variant in flight as stopped; null when none is. */
  let interrupt: (() => void) | null = null;
  let stopping = false;

  /** Trains one variant; its final values are read as it ends, before a run that took over clears the history. */
  function runVariant(variant: Variant, index: number, steps: number): Promise<VariantOutcome> {
    return new Promise((resolve) => {
      let settled = false;
      let unwatch = () => {};
      const finish = (outcome: Outcome) => {
        if (settled) return;
        settled = true;
        unsubscribe();
        unwatch();
        interrupt = null;
        resolve({ ...outcome, final: finalValues(stores.history.getState().series) });
      };
      const unsubscribe = playground.subscribe((event: TrainingEvent) => {
        if (event.type === 'progress') store.getState().patchRow(index, { step: event.progress.step });
        // A pause before the steps (the user's Pause) leaves the variant waiting for Resume.
        else if (event.type === 'paused' && event.step >= steps) finish({ status: 'done' });
        else if (event.type === 'stopped' || event.type === 'failed') finish({ status: 'failed', message: event.message });
      });
      interrupt = () => {
        playground.pause();
        finish({ status: 'stopped' });
      };
      playground.start(variant.settings);
      const run = stores.run.getState();
      // Refused before the worker saw it: the run store says why.
      if (run.status !== 'starting') return finish({ status: 'failed', message: run.error ?? 'the run did not start' });
      // Reset, or Start of another run, takes the worker from the sweep: it ends there (waiting
      // for a 'paused' that never comes would hang it).
      const id = stores.runs.getState().currentRunId;
      const takenOver = (message: string) => {
        stopping = true;
        store.getState().setStatus('stopping');
        finish({ status: 'stopped', message });
      };
      const offRun = stores.run.subscribe((state) => state.status === 'idle' && takenOver('reset before its steps: the sweep stopped'));
      const offRuns = stores.runs.subscribe((state) => id !== null && state.currentRunId !== id && takenOver('another run started: the sweep stopped'));
      unwatch = () => {
        offRun();
        offRuns();
      };
    });
  }

  /** Names the page's current run after its variant and shows it on the charts (drawn while current, beside the next). */
  async function keepRun(name: string): Promise<string | null> {
    const id = stores.runs.getState().currentRunId;
    if (!stores.runs.getState().available || id === null) return null;
    try {
      await playground.runs.rename(id, name);
      await playground.runs.setShown(id, true);
      return null;
    } catch (error) {
      return `the run could not be kept as the variant's: ${messageOf(error)}`;
    }
  }

  const endRow = (index: number, ended: VariantOutcome, note: string | null) =>
    store.getState().patchRow(index, { status: ended.status, final: ended.final, message: ended.status === 'done' ? note : (ended.message ?? note) });

  async function inPageWorker(variants: readonly Variant[], steps: number): Promise<void> {
    const original = stores.settings.getState().settings;
    for (const [index, variant] of variants.entries()) {
      if (stopping) break;
      store.getState().setCurrent(index);
      store.getState().patchRow(index, { status: 'running' });
      const outcome = runVariant(variant, index, steps);
      const naming = await keepRun(variant.name);
      endRow(index, await outcome, naming);
    }
    store.getState().setCurrent(null);
    // The variants' settings (their stopAtStep above all) must not become the next Start's.
    stores.settings.getState().replace(original);
  }

  async function inWorkersOfTheirOwn(variants: readonly Variant[], steps: number, workers: number): Promise<void> {
    const ids = new Map<number, string | null>();
    await workerSweep.run(variants, steps, workers, {
      started(index, runId) {
        ids.set(index, runId);
        store.getState().patchRow(index, { status: 'running' });
      },
      step: (index, step) => store.getState().patchRow(index, { step }),
      async ended(index, outcome) {
        const id = ids.get(index) ?? null;
        let note: string | null = null;
        // Shown once it ends: a shown run's values are loaded once, so a run still training would stay drawn as it was.
        if (id !== null) await playground.runs.setShown(id, true).catch((error: unknown) => (note = `the run could not be shown: ${messageOf(error)}`));
        endRow(index, outcome, note);
      },
    });
  }

  return {
    async run(variants, axes, steps, workers = 0) {
      if (['running', 'stopping'].includes(store.getState().status)) throw new Error('a sweep is running: stop it first');
      stopping = false;
      inWorkers = workers >= 1;
      const rows = variants.map((v) => ({ name: v.name, values: v.values, seed: v.seed, status: 'waiting' as const, step: 0, final: new Map<string, number>(), message: null }));
      store.getState().begin(axes, steps, rows);
      if (new Set(variants.map((v) => v.seed)).size > 1) stores.runs.getState().setGroupBySeed(true);
      if (inWorkers) await inWorkersOfTheirOwn(variants, steps, workers);
      else await inPageWorker(variants, steps);
      store.getState().rows.forEach((row, index) => row.status === 'waiting' && store.getState().patchRow(index, { status: 'not run' }));
      store.getState().setStatus(stopping ? 'stopped' : 'done');
    },
    stop() {
      if (store.getState().status !== 'running') return;
      stopping = true;
      store.getState().setStatus('stopping');
      if (inWorkers) workerSweep.stop();
      else interrupt?.();
    },
  };
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
