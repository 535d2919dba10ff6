// When a run measures its quality: every `metricsEvery` iterations (and, in the CLI, once at the
// end), recorded with the manager as `metric/...` series so they travel with the losses (one
// batched read-back, the history event, the archive, loss_log.json's series, the CSV). A run
// with an EMA generator measures it too, on the same evaluation set: `metric/...@ema`.
import * as tf from '@tensorflow/tfjs';
import { emaSeriesName } from '../../manager';
import type { RunSettings } from '../../protocol/messages';
import type { GanNetworks } from '../trainerTypes';
import type { GanTrainer } from '../trainer';
import { digitQuality } from './digitQuality';
import { pairQuality } from './pairQuality';
import { toyQuality, type Quality } from './toyQuality';

/** A measure computed off the device (DCGAN's KID and FID): read back, reduced in plain numbers. */
interface ReadQuality {
  readonly names: readonly string[];
  read(): Promise<number[]>;
}

interface RunMetrics {
  readonly quality: Quality | ReadQuality | null;
  /** The same measure of the EMA generator, where the run has one. */
  readonly ema: Quality | ReadQuality | null;
  lastStep: number;
  /** Milliseconds spent measuring (on a GPU: enqueueing the work), and how many measurements. */
  ms: number;
  count: number;
}

// Keyed by trainer: a run's evaluation set is made on its first measurement and goes with it.
const runs = new WeakMap<GanTrainer, RunMetrics>();

/** The family's measure (DCGAN's only where the host gave the classifier: networks.digitMetrics). */
function qualityOf(settings: RunSettings, networks: GanNetworks): Quality | ReadQuality | null {
  if (settings.family === 'toy') return toyQuality(settings.data, settings.seed, networks);
  if (settings.family === 'pix2pix') return pairQuality(settings.data, networks.generator.inputs[0]!.shape[1]!, settings.seed, networks);
  if (settings.family === 'dcgan' && networks.digitMetrics) return digitQuality(networks.digitMetrics, (settings.data as { digits?: number[] }).digits, networks);
  return null;
}

function metricsOf(trainer: GanTrainer, settings: RunSettings, networks: GanNetworks): RunMetrics {
  let run = runs.get(trainer);
  if (!run) {
    const ema = trainer.ema ? qualityOf(settings, { ...networks, generator: trainer.ema.model }) : null;
    run = { quality: qualityOf(settings, networks), ema, lastStep: -1, ms: 0, count: 0 };
    runs.set(trainer, run);
  }
  return run;
}

/** One measure's values recorded under `names` at `step`. */
async function record(trainer: GanTrainer, quality: Quality | ReadQuality, names: readonly string[], step: number): Promise<void> {
  if ('read' in quality) {
    const values = await quality.read();
    tf.tidy(() => trainer.manager.recordSeries(names, tf.tensor1d(values), { step }));
  } else {
    tf.tidy(() => trainer.manager.recordSeries(names, quality.measure(), { step }));
  }
}

/**
 * Records the run's quality metrics at the trainer's iteration when due: a multiple of
 * `metricsEvery` (0 or absent: never), or `final` (the end of a CLI run); at most once a step.
 * The values go out with the next flush; only DCGAN's measure reads back (its features), so
 * only it waits: the others record before this returns.
 */
export async function recordMetricsIfDue(trainer: GanTrainer, settings: RunSettings, networks: GanNetworks, final = false): Promise<void> {
  const step = trainer.iteration;
  const every = settings.metricsEvery ?? 0;
  if (!(final || (every > 0 && step > 0 && step % every === 0))) return;
  const run = metricsOf(trainer, settings, networks);
  if (!run.quality || run.lastStep === step) return;
  const started = performance.now();
  const { quality, ema } = run;
  run.lastStep = step;
  await record(trainer, quality, quality.names, step);
  if (ema) await record(trainer, ema, ema.names.map(emaSeriesName), step);
  run.ms += performance.now() - started;
  run.count++;
}

/** How long a run's measurements took so far, for a log line. */
export function metricsTime(trainer: GanTrainer): { readonly ms: number; readonly count: number } {
  const run = runs.get(trainer);
  return { ms: run?.ms ?? 0, count: run?.count ?? 0 };
}
