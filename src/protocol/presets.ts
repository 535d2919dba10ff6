// What the page offers before the worker says more: families, datasets, defaults and the
// built-in specs. tfjs-free (the page imports it); a unit test checks these lists against
// the engine's, so the two cannot drift apart.
import { BUILTIN_SPECS } from '../manager/builtinSpecs';
import type { RunSettings } from './messages';

export const FAMILIES = ['toy', 'dcgan', 'pix2pix'] as const;
export type Family = (typeof FAMILIES)[number];

export const FAMILY_LABELS: Readonly<Record<Family, string>> = {
  toy: '2-D toy GAN (GAN Lab)',
  dcgan: 'DCGAN on 28x28 digits',
  pix2pix: 'pix2pix (paired images)',
};

export const TOY_TARGETS = ['ring', 'grid', 'spiral', 'moons', 'line', 'drawn'] as const;
export const PIX2PIX_TASKS = ['edges-to-shapes', 'gray-to-colour'] as const;

/**
 * The outputs keys the engine provides for data_info (src/engine/outputs.ts), so the spec
 * editor can offer and check them before the worker's `ready` reports them.
 */
export const OUTPUT_KEYS = [
  'iteration',
  'batch_size',
  'gen',
  'disc',
  'real_imgs',
  'fake_imgs',
  'disc_pred_real',
  'disc_pred_fake',
  'real_a',
  'real_b',
  'fake_b',
] as const;

/** The built-in specs that fit each family. */
export const SPECS_BY_FAMILY: Readonly<Record<Family, readonly string[]>> = {
  toy: ['toy/log-loss', 'toy/least-squares', 'wgan-gp', 'hinge-r1'],
  dcgan: ['dcgan', 'lsgan', 'wgan-gp', 'hinge-r1'],
  pix2pix: ['pix2pix/basic', 'pix2pix/extended'],
};

/**
 * Defaults sized for a browser tab: small widths and batches, so a laptop without a fast GPU
 * still sees training move. Every field can be changed in the run controls.
 */
export function defaultSettings(family: Family): RunSettings {
  const specName = SPECS_BY_FAMILY[family][0] as string;
  const common = {
    spec: structuredClone(BUILTIN_SPECS[specName]!),
    dSteps: 1,
    gSteps: 1,
    seed: 1,
    // The gradient share chart and the share beside each slider: every 10th iteration (cost measured in the bench).
    gradEvery: 10,
    // The Quality chart: every 200th iteration (src/engine/metrics).
    metricsEvery: 200,
  };
  switch (family) {
    case 'toy':
      return {
        ...common,
        family,
        model: { layers: 2, units: 16 },
        data: { kind: 'ring' },
        optimizers: { G: { type: 'adam', learningRate: 0.005 }, D: { type: 'adam', learningRate: 0.005 } },
        batchSize: 128,
      };
    case 'dcgan':
      return {
        ...common,
        family,
        model: { width: 16, noiseDim: 64 },
        data: {},
        optimizers: { G: { type: 'adam', learningRate: 2e-4, beta1: 0.5 }, D: { type: 'adam', learningRate: 2e-4, beta1: 0.5 } },
        batchSize: 32,
      };
    case 'pix2pix':
      return {
        ...common,
        family,
        model: { size: 32, width: 16, channelsA: 1, channelsB: 3 },
        data: { task: 'edges-to-shapes' },
        optimizers: { G: { type: 'adam', learningRate: 2e-4, beta1: 0.5 }, D: { type: 'adam', learningRate: 2e-4, beta1: 0.5 } },
        batchSize: 4,
      };
  }
}

/** pix2pix's paired data: a built-in task, or the user's own A|B images (decoded RGBA). */
export type PairData = { readonly task: string } | { readonly images: readonly unknown[]; readonly heldOutShare?: number };

/**
 * pix2pix settings on other paired data, with the model's channels to match: the user's images
 * are colour on both sides (3 and 3), the built-in tasks give a 1-channel A (the defaults).
 * One place, so that going back from images to a task (or a link dropping them) cannot leave
 * a 3-channel generator on 1-channel data.
 */
export function withPairData(settings: RunSettings, data: PairData): RunSettings {
  const channels = 'images' in data ? { channelsA: 3, channelsB: 3 } : pick(defaultSettings('pix2pix').model, ['channelsA', 'channelsB']);
  return { ...settings, data, model: { ...settings.model, ...channels } };
}

function pick(record: Readonly<Record<string, unknown>>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in record).map((k) => [k, record[k]]));
}
