// What is trained: the page's default settings for each family (src/protocol/presets.ts),
// pix2pix at both sizes, a DCGAN sized for a GPU, and the FLOP count of one training step.
import { builtinSpec } from '../src/manager/builtinSpecs';
import { defaultSettings } from '../src/protocol/presets';
import type { RunSettings } from '../src/protocol/messages';

/** The cases every throughput section trains. */
export const CASE_IDS = ['toy', 'ganlab', 'dcgan28', 'pix2pix32', 'pix2pix64'] as const;
/** Sized for a GPU: only node-webgpu and torch-cuda train them (minutes per step on tfjs's cpu). */
export const GPU_CASE_IDS = ['dcgan28-wide'] as const;
export const ALL_CASE_IDS = [...CASE_IDS, ...GPU_CASE_IDS] as const;
export type CaseId = (typeof ALL_CASE_IDS)[number];

export interface BenchCase {
  readonly id: CaseId;
  readonly label: string;
  readonly settings: RunSettings;
}

/** The page's defaults for a family; pix2pix 64 is the 32 default at size 64. */
export function benchCase(id: CaseId): BenchCase {
  switch (id) {
    case 'toy':
      return { id, label: 'toy MLP', settings: defaultSettings('toy') };
    case 'ganlab':
      return { id, label: 'GAN Lab default', settings: GAN_LAB_DEFAULT };
    case 'dcgan28':
      return { id, label: 'DCGAN 28x28', settings: defaultSettings('dcgan') };
    case 'pix2pix32':
      return { id, label: 'pix2pix 32', settings: defaultSettings('pix2pix') };
    case 'pix2pix64': {
      const base = defaultSettings('pix2pix');
      return { id, label: 'pix2pix 64', settings: { ...base, model: { ...base.model, size: 64 } } };
    }
    case 'dcgan28-wide': {
      // The engine's DCGAN is 28x28 only (src/engine/models/dcganConfig.ts), so the GPU-sized
      // case is the reference DCGAN's widths (64 filters at the first D stage) at batch 64.
      const base = defaultSettings('dcgan');
      return { id, label: 'DCGAN 28x28 wide', settings: { ...base, model: { ...base.model, width: 64 }, batchSize: 64 } };
    }
  }
}

/**
 * GAN Lab's default experiment, as its own code sets it up: G and D each 2 hidden layers of 8
 * ReLU units (its "1 layer" setting builds two), 2-D uniform noise, batch 150, 2 D updates and
 * 1 G update per iteration, log loss, SGD at 0.1. One step here is one such iteration.
 */
export const GAN_LAB_DEFAULT: RunSettings = {
  ...defaultSettings('toy'),
  model: { layers: 2, units: 8, activation: 'relu', noise: 'uniform', noiseDim: 2 },
  data: { kind: 'ring' },
  spec: builtinSpec('toy/log-loss'),
  optimizers: { G: { type: 'sgd', learningRate: 0.1 }, D: { type: 'sgd', learningRate: 0.1 } },
  batchSize: 150,
  dSteps: 2,
  gSteps: 1,
};

/** One line on the model and batch, for tables: "width 16, batch 32". */
export function describeCase(c: BenchCase): string {
  const m = c.settings.model as Record<string, unknown>;
  const model = c.settings.family === 'toy' ? `${String(m.layers)}x${String(m.units)} units` : `width ${String(m.width)}`;
  const steps = c.settings.dSteps !== 1 || c.settings.gSteps !== 1 ? `, ${c.settings.dSteps} D + ${c.settings.gSteps} G` : '';
  return `${model}, batch ${c.settings.batchSize}${steps}`;
}

/** Forward FLOPs per sample (buildModels' `flops`: 2 x multiply-adds of dense and conv layers). */
export interface ForwardFlops {
  readonly generator: number;
  readonly discriminator: number;
}

/**
 * FLOPs of one training step (one D update and one G update), counting a network pass that
 * is backpropagated as 3x its forward FLOPs (forward + input gradient + weight gradient,
 * each about one forward) and a pass that is not as 1x:
 *
 *   D update: G forward (not backpropagated)      1 F_G
 *             D on real and on fake, backprop'd   2 x 3 F_D
 *   G update: G forward, backpropagated           3 F_G
 *             D on fake, backpropagated           3 F_D
 *
 *   FLOPs/step = batch x (4 F_G + 9 F_D)      (x dSteps / gSteps for the two parts)
 *
 * It slightly overcounts: the G update needs only D's input gradient, not its weight gradient
 * (3 F_D where 2 F_D is done), and no network needs the gradient of its first layer's input.
 * Element-wise work (activations, batch norm, losses, Adam) is left out, as in `flops`.
 */
export function flopsPerStep(f: ForwardFlops, batchSize: number, dSteps = 1, gSteps = 1): number {
  const dUpdate = f.generator + 2 * 3 * f.discriminator;
  const gUpdate = 3 * f.generator + 3 * f.discriminator;
  return batchSize * (dSteps * dUpdate + gSteps * gUpdate);
}
