// Runs a page sweep's variants one after another in the playground's worker: each is an
// ordinary stored run, named after its variant, that pauses itself at the sweep's steps
// (stopAtStep). Its final values are read from the history store when it pauses.
import { parseSeriesName } from '../../manager/seriesNames';
import { finalValue } from '../../protocol/finalValue';
import type { TrainingEvent } from '../../protocol/messages';
import type { Variant } from '../../protocol/sweep';
import type { SeriesByName } from '../../state/series';
import type { SweepStore } from '../../state/sweepStore';
import type { Playground } from '../playground';

export interface SweepRunner {
  /** Runs the variants in order; resolves when the last ends or Stop ends the sweep. */
  run(variants: readonly Variant[], axes: readonly string[], steps: number): Promise<void>;
  /** Pauses the variant training now (its run stays stored, resumable) and runs no more. */
  stop(): void;
}

type Outcome = { status: 'done' } | { status: 'stopped'; message?: string } | { status: 'failed'; message: string };

/** finalValue of each loss and metric/ series (gradients and D health are diagnostics, not results). */
export function finalValues(series: SeriesByName): Map<string, number> {
  const final = new Map<string, number>();
  for (const [name, s] of series) {
    const kind = parseSeriesName(name).kind;
    if (kind === 'loss' || kind === 'metric') final.set(name, finalValue(Array.from(s.value.subarray(0, s.length))));
  }
  return final;
}

export function createSweepRunner(playground: Playground, store: SweepStore): SweepRunner {
  const { stores } = playground;
  /** Ends the variant in flight as stopped; null when none is. */
  let interrupt: (() => void) | null = null;
  let stopping = false;

  /** Trains one variant; its final values are read as it ends, before a run that took over clears the history. */
  function runVariant(variant: Variant, index: number, steps: number): Promise<Outcome & { final: Map<string, number> }> {
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

  async function nameRun(name: string): Promise<string | null> {
    const id = stores.runs.getState().currentRunId;
    if (!stores.runs.getState().available || id === null) return null;
    try {
      await playground.runs.rename(id, name);
      return null;
    } catch (error) {
      return `the run could not be named: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  return {
    async run(variants, axes, steps) {
      if (['running', 'stopping'].includes(store.getState().status)) throw new Error('a sweep is running: stop it first');
      stopping = false;
      const original = stores.settings.getState().settings;
      const rows = variants.map((v) => ({ name: v.name, values: v.values, seed: v.seed, status: 'waiting' as const, step: 0, final: new Map<string, number>(), message: null }));
      store.getState().begin(axes, steps, rows);
      for (const [index, variant] of variants.entries()) {
        if (stopping) {
          store.getState().patchRow(index, { status: 'not run' });
          continue;
        }
        store.getState().setCurrent(index);
        store.getState().patchRow(index, { status: 'running' });
        const outcome = runVariant(variant, index, steps);
        const naming = await nameRun(variant.name);
        const ended = await outcome;
        store.getState().patchRow(index, {
          status: ended.status,
          final: ended.final,
          message: ended.status === 'done' ? naming : (ended.message ?? naming),
        });
      }
      store.getState().setCurrent(null);
      store.getState().setStatus(stopping ? 'stopped' : 'done');
      // The variants' settings (their stopAtStep above all) must not become the next Start's.
      stores.settings.getState().replace(original);
    },
    stop() {
      if (store.getState().status !== 'running') return;
      stopping = true;
      store.getState().setStatus('stopping');
      interrupt?.();
    },
  };
}
