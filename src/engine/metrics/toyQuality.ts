// The toy family's quality: GAN Lab's grid KL and JS divergences between a held-out sample of
// the target and a fixed-noise batch of generated points, and mode coverage for ring and grid.
import * as tf from '@tensorflow/tfjs';
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs';
import { metricName } from '../../manager';
import { createToySource, heldOutSeed, modeCentres } from '../data';
import type { GanNetworks } from '../trainerTypes';
import { gridDensity, jsDivergence, klDivergence } from './gridDivergence';
import { modeCoverage } from './modeCoverage';

/** Points per side: 2,048 held-out target points against 2,048 generated ones. */
export const TOY_EVAL_POINTS = 2048;
/** The generated points' noise seed, fixed for the run so consecutive values compare. */
const NOISE_SEED = 535_353;
/** A point within this many of the target's standard deviations of a mode belongs to it. */
export const MODE_RADIUS_STDS = 3;

/** A family's quality measure: its series names and how to measure them. */
export interface Quality {
  readonly names: readonly string[];
  /** The metrics in `names` order, as one 1-D tensor. Call inside a tidy. */
  measure(): Tensor1D;
}

/** The toy quality measure of a run, its evaluation set drawn once from `data` (the target's JSON). */
export function toyQuality(data: unknown, seed: number, networks: GanNetworks): Quality {
  const source = createToySource(data, heldOutSeed(seed));
  const real = source.nextBatch(TOY_EVAL_POINTS);
  const modes = modeCentres(source.config);
  const radius = MODE_RADIUS_STDS * source.config.std;
  const names = ['KL', 'JS', ...(modes ? ['modeCoverage', 'offMode'] : [])].map(metricName);
  const { sampleNoise } = networks;
  if (!sampleNoise) throw new Error('the toy quality measure needs the generator noise (networks.sampleNoise)');
  return {
    names,
    measure() {
      // The noise is drawn from its seed each time (the same numbers): nothing is kept between measurements.
      const fake = networks.generator.predict(sampleNoise(TOY_EVAL_POINTS, NOISE_SEED)) as Tensor2D;
      const p = gridDensity(tf.tensor2d(real, [TOY_EVAL_POINTS, 2]));
      const q = gridDensity(fake);
      const parts: Tensor[] = [tf.reshape(klDivergence(p, q), [1]), tf.reshape(jsDivergence(p, q), [1])];
      if (modes) parts.push(modeCoverage(fake, modes, { radius }));
      return tf.concat(parts) as Tensor1D;
    },
  };
}
