// What a GanTrainer is given and reports: its data, networks, options and progress, and the
// per-update seeds. Split from trainer.ts, which re-exports them.
import type * as tf from '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs';
import { networkOf, type LossManager, type LossSpec, type Network } from '../manager';
import type { EmaSettings } from '../protocol/messages';
import type { DigitMetricAssets } from './metrics/digitQuality';
import type { OptimizerConfig } from './optimizers';

/** A batch of real data: samples for unconditional GANs, A/B pairs for pix2pix. */
export type RealBatch = { readonly kind: 'samples'; readonly real: Tensor } | { readonly kind: 'pairs'; readonly a: Tensor; readonly b: Tensor };

/** Where real batches come from; `next` is called inside a gradient scope, which frees them. */
export interface RealDataSource {
  next(batchSize: number, seed: number): RealBatch;
  /** Examples in one pass over the data (a dataset); absent where data is drawn without end. */
  readonly size?: number;
}

/** Iterations per epoch where the data has no size (2-D targets, procedural pairs). */
export const DEFAULT_STEPS_PER_EPOCH = 1000;

/**
 * Iterations in one epoch: `stepsPerEpoch` when given; else one pass over a sized dataset, each
 * iteration drawing dSteps real batches (MNIST's 10,000 digits at batch 32: 313); else
 * DEFAULT_STEPS_PER_EPOCH. Epoch-unit weight schedules follow it.
 */
export function epochLength(options: { stepsPerEpoch?: number; batchSize: number; dSteps: number; dataSize?: number }): number {
  if (options.stepsPerEpoch !== undefined) return options.stepsPerEpoch;
  if (options.dataSize === undefined) return DEFAULT_STEPS_PER_EPOCH;
  return Math.max(1, Math.ceil(options.dataSize / (options.batchSize * Math.max(1, options.dSteps))));
}

export interface GanNetworks {
  readonly generator: tf.LayersModel;
  readonly discriminator: tf.LayersModel;
  /** The generator's input for unconditional GANs; absent for pix2pix (its input is real A). */
  sampleNoise?(n: number, seed: number): Tensor;
  /**
   * DCGAN's metrics' held-out digits and classifier weights (plain data), where the host has
   * them: they travel with the networks, which the session and the CLI hand to the metrics.
   */
  readonly digitMetrics?: DigitMetricAssets;
}

export interface TrainerOptions {
  readonly networks: GanNetworks;
  readonly data: RealDataSource;
  readonly spec: LossSpec;
  readonly optimizers: { readonly G: OptimizerConfig; readonly D: OptimizerConfig };
  /** @default 16 */
  readonly batchSize?: number;
  /** Discriminator updates per iteration (GAN Lab's k). @default 1 */
  readonly dSteps?: number;
  /** @default 1 */
  readonly gSteps?: number;
  /** Makes a run reproducible on a backend. @default 0 */
  readonly seed?: number;
  /** A manager to record into (for a custom log sink); one is made otherwise. */
  readonly manager?: LossManager;
  /** Iterations per epoch, for epoch-unit schedules. @default see epochLength */
  readonly stepsPerEpoch?: number;
  /**
   * Every this many iterations, each update also records its losses' gradient diagnostics
   * (gradientDiagnostics.ts). 0: never, and no extra work at all. @default 0
   */
  readonly gradEvery?: number;
  /** With gradEvery: each loss's gradient norm per weight tensor too. @default false */
  readonly gradLayers?: boolean;
  /** MMagic's EMA generator (emaGenerator.ts), updated after each iteration's G updates. @default none */
  readonly ema?: EmaSettings;
}

/** How far a run has come, for checkpoints. */
export interface TrainerProgress {
  /** Completed iterations; each step's noise seed derives from it. */
  readonly iteration: number;
  /** Real batches drawn so far: the data sources are seeded streams, replayed on restore. */
  readonly dataDraws: number;
}

export class TrainerError extends Error {
  override readonly name = 'TrainerError';
}

/** The losses of each network, after checking what the engine needs of a spec. */
export function lossesByNetwork(spec: LossSpec): Record<Network, string[]> {
  const names: Record<Network, string[]> = { G: [], D: [] };
  (spec.losses ?? []).forEach((entry, i) => {
    if (entry.data_info === undefined) {
      throw new TrainerError(
        `losses[${i}] (${entry.name}): the engine picks a loss's arguments from its outputs, so it needs data_info (e.g. {"pred": "fake_imgs", "target": "real_imgs"})`,
      );
    }
    names[networkOf(entry)].push(entry.name);
  });
  for (const network of ['G', 'D'] as const) {
    if (names[network].length === 0 && (spec.losses ?? []).length > 0) {
      throw new TrainerError(`the spec has no loss tagged "${network}": that network would never train`);
    }
  }
  return names;
}

/** One update's real data and generator noise (null for pix2pix, whose input is real A). */
export interface UpdateInputs {
  readonly batch: RealBatch;
  readonly noise: Tensor | null;
}

/** Seeds for one step's random draws: distinct per iteration, phase and repeat. */
export function stepSeed(base: number, iteration: number, phase: number, repeat: number): number {
  return (base * 7919 + iteration * 104_729 + phase * 1_299_709 + repeat * 15_485_863) % 2_147_483_647;
}
