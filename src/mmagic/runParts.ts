// Small pieces of an exported config: an optimizer, the EMA generator, the spec's loss dicts.
import type { LossSpec } from '../manager/lossSpec';
import { pyTuple } from '../manager/pyWriter';
import type { RunSettings } from '../protocol/messages';
import { OPTIMIZER_DEFAULTS, type OptimizerConfig } from '../protocol/optimizerConfig';

/** tfjs's optimizers' epsilon on float32 backends (PyTorch's default is 1e-8). */
const TFJS_EPSILON = 1e-7;
/** tfjs's RMSprop decay, PyTorch's alpha (whose default is 0.99). */
const TFJS_RMSPROP_DECAY = 0.9;

/** The optimizer as an mmengine OptimWrapper around torch.optim's namesake. */
export function optimizerDict(config: OptimizerConfig): Record<string, unknown> {
  let optimizer: Record<string, unknown>;
  switch (config.type) {
    case 'adam':
      optimizer = {
        type: 'Adam',
        lr: config.learningRate,
        betas: pyTuple([config.beta1 ?? OPTIMIZER_DEFAULTS.beta1, config.beta2 ?? OPTIMIZER_DEFAULTS.beta2], 'betas'),
        eps: TFJS_EPSILON,
      };
      break;
    case 'sgd':
      optimizer = { type: 'SGD', lr: config.learningRate };
      break;
    case 'rmsprop':
      optimizer = { type: 'RMSprop', lr: config.learningRate, alpha: TFJS_RMSPROP_DECAY, eps: TFJS_EPSILON };
      break;
  }
  return { type: 'OptimWrapper', optimizer };
}

/** The run settings' EMA generator (`ema: {momentum, startIteration}`), where the settings have one. */
interface EmaSetting {
  readonly momentum: number;
  readonly startIteration: number;
}

function emaSetting(settings: RunSettings): EmaSetting | string | null {
  const raw = Object.hasOwn(settings, 'ema') ? (settings as { ema?: unknown }).ema : undefined;
  if (raw === undefined || raw === null) return null;
  const ema = raw as { momentum?: unknown; startIteration?: unknown };
  const momentum = ema.momentum;
  const start = ema.startIteration ?? 0;
  if (typeof momentum !== 'number' || !(momentum > 0 && momentum < 1)) return `ema.momentum must be a number between 0 and 1, got ${JSON.stringify(momentum)}`;
  if (typeof start !== 'number' || !Number.isInteger(start) || start < 0) return `ema.startIteration must be a whole number >= 0, got ${JSON.stringify(start)}`;
  return { momentum, startIteration: start };
}

/**
 * MMagic's ema_config for the run's EMA: the playground keeps m of the old average
 * (ema = m * ema + (1 - m) * G); MMagic's ExponentialMovingAverage's momentum is the new
 * weights' share, 1 - m. start_iter counts G updates as the playground's startIteration does.
 */
export function emaConfig(settings: RunSettings, pix2pix: boolean): { config: Record<string, unknown> | null; notes: string[] } {
  const ema = emaSetting(settings);
  if (ema === null) return { config: null, notes: [] };
  if (typeof ema === 'string') return { config: null, notes: [`The run's EMA setting is not exported: ${ema}.`] };
  if (pix2pix) return { config: null, notes: ["MMagic's Pix2Pix has no EMA generator (ema_config is BaseGAN's): the run's EMA is not exported."] };
  // Rounded to 12 significant digits: 1 - 0.999 is 0.0010000000000000009 in floating point.
  const momentum = Number((1 - ema.momentum).toPrecision(12));
  return {
    config: { type: 'ExponentialMovingAverage', interval: 1, momentum, start_iter: ema.startIteration },
    notes: [`EMA: the playground's momentum ${ema.momentum} keeps that share of the old average; MMagic's momentum is the new weights' share, ${momentum}.`],
  };
}

/**
 * Playground loss types that MMagic 1.x registers under another name or not at all
 * (mmagic/models/losses at 0a560bb, 2024-01-31): R1 and the path regularizer kept
 * MMGeneration's names here, Sobel and Laplacian are NectarGAN's.
 */
const NOT_IN_MMAGIC: Readonly<Record<string, string | null>> = {
  R1GradientPenalty: 'R1GradientPenaltyComps',
  GeneratorPathRegularizer: 'GeneratorPathRegularizerComps',
  SobelLoss: null,
  LaplacianLoss: null,
};

/** Notes for the spec's loss types MMagic 1.x does not register (they stay in playground_losses as the spec names them). */
export function lossTypeNotes(spec: LossSpec): string[] {
  const types = [...new Set(spec.losses.map((e) => e.type))].filter((t) => Object.hasOwn(NOT_IN_MMAGIC, t));
  return types.map((t) => {
    const name = NOT_IN_MMAGIC[t];
    return name ? `${t} is MMGeneration's name; MMagic 1.x registers it as ${name}.` : `${t} is NectarGAN's loss: MMagic registers none like it.`;
  });
}

/** The spec's entries by name, each as it is but its name (the key): what the paste reads back. */
export function lossDicts(spec: LossSpec): Record<string, unknown> {
  const dicts: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const entry of spec.losses) {
    const { name, type, ...rest } = entry;
    // type first, as MMagic's configs write it; a name like `__proto__` stays an own key.
    Object.defineProperty(dicts, name, { value: { type, ...rest }, enumerable: true, writable: true, configurable: true });
  }
  return dicts;
}
