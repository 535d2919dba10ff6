// An optimizer as JSON, so it travels in a run's settings. One schema for the page, the CLI and
// the worker: the engine builds from what this accepts (src/engine/optimizers.ts).
import { z } from '../zodConfig'; // zod, configured jitless before any schema is built

export const OPTIMIZER_TYPES = ['adam', 'sgd', 'rmsprop'] as const;
export type OptimizerType = (typeof OPTIMIZER_TYPES)[number];

export const OPTIMIZER_LABELS: Readonly<Record<OptimizerType, string>> = { adam: 'Adam', sgd: 'SGD', rmsprop: 'RMSprop' };

/**
 * A rate of decay in [0, 1): Adam's betas (a beta of 1 divides by 1 - beta^t = 0 in the bias
 * correction: NaN from the first step), RMSprop's decay, a momentum (1 never forgets a
 * gradient: the steps grow without bound).
 */
const fraction = z
  .number({ error: 'must be a number' })
  .min(0, { error: 'must be >= 0 and < 1' })
  .lt(1, { error: 'must be >= 0 and < 1' })
  // Training is in float32: 0.99999999 is 1 there, and Adam's first step is NaN.
  .refine((value) => !(value < 1) || Math.fround(value) < 1, { error: 'must be >= 0 and < 1 in float32, which training uses: this rounds to 1 there (use at most 0.9999999)' });

/**
 * The smallest normal float32. A smaller epsilon is 0 (or flushed to 0 on a GPU), and Adam
 * divides 0 by 0 for a weight whose gradient is 0; a smaller learning rate trains nothing.
 */
export const MIN_FLOAT32_NORMAL = 2 ** -126;
const tinyMessage = `is below ${MIN_FLOAT32_NORMAL.toPrecision(2)}, float32's smallest normal number: training in float32 treats it as 0`;

const epsilon = z
  .number({ error: 'must be a number' })
  .positive({ error: 'must be > 0 and at most 1' })
  .max(1, { error: 'must be > 0 and at most 1' })
  .refine((value) => !(value > 0) || value >= MIN_FLOAT32_NORMAL, { error: `must be > 0 and at most 1; this ${tinyMessage} (Adam's 0 / 0 is NaN)` });

/** The fields each type takes besides `type` and `learningRate`. */
export const OPTIMIZER_FIELDS = {
  adam: ['beta1', 'beta2', 'epsilon'],
  sgd: ['momentum'],
  rmsprop: ['decay', 'momentum', 'epsilon'],
} as const satisfies Readonly<Record<OptimizerType, readonly string[]>>;
export type OptimizerField = (typeof OPTIMIZER_FIELDS)[OptimizerType][number];

export const optimizerConfigSchema = z
  .strictObject(
    {
      type: z.enum(OPTIMIZER_TYPES, { error: `must be one of ${OPTIMIZER_TYPES.join(', ')}` }),
      // No upper bound: a rate that blows the weights up stops the run at the first non-finite
      // loss, with a message that says to lower it (the page's test does exactly that with 1e30).
      learningRate: z
        .number({ error: 'must be a number' })
        .positive({ error: 'must be > 0' })
        .refine((value) => !(value > 0) || value >= MIN_FLOAT32_NORMAL, { error: `must be > 0; this ${tinyMessage} (nothing would train)` }),
      /** Adam's beta1; DCGAN and pix2pix use 0.5. @default 0.5 */
      beta1: fraction.optional(),
      /** Adam's beta2. @default 0.999 */
      beta2: fraction.optional(),
      /**
       * Adam's and RMSprop's epsilon. @default the backend's: 1e-7, or 1e-4 on WebGL without
       * 32-bit float textures, where 1e-7 rounds to 0 (tfjs's own choice)
       */
      epsilon: epsilon.optional(),
      /** SGD's momentum (tfjs's MomentumOptimizer when > 0) and RMSprop's. @default 0 */
      momentum: fraction.optional(),
      /** RMSprop's decay of its mean square (PyTorch's alpha). @default 0.9 */
      decay: fraction.optional(),
    },
    { error: 'must be an optimizer, e.g. {"type": "adam", "learningRate": 0.0002}' },
  )
  .superRefine((config, ctx) => {
    // A field of another type would be ignored without a word: SGD with beta1 is a mistake.
    const allowed: readonly string[] = OPTIMIZER_FIELDS[config.type];
    for (const key of Object.keys(config)) {
      if (key === 'type' || key === 'learningRate' || allowed.includes(key)) continue;
      const takes = ['learningRate', ...allowed].join(', ');
      ctx.addIssue({ code: 'custom', path: [key], message: `not a setting of ${config.type} (it takes ${takes})` });
    }
  });

export type OptimizerConfig = z.infer<typeof optimizerConfigSchema>;

/** What a config leaves out (epsilon: see its field, the backend decides). */
export const OPTIMIZER_DEFAULTS = { beta1: 0.5, beta2: 0.999, momentum: 0, decay: 0.9 } as const;

/** The epsilon float32 backends use when a config gives none (tfjs's backend.epsilon()). */
export const FLOAT32_EPSILON = 1e-7;

/**
 * The config as another type: the learning rate stays, and the fields the new type shares with
 * the old (RMSprop's momentum for SGD); the rest would not be valid for it.
 */
export function withOptimizerType(config: OptimizerConfig, type: OptimizerType): OptimizerConfig {
  const kept: Record<string, unknown> = { type, learningRate: config.learningRate };
  for (const key of OPTIMIZER_FIELDS[type]) if (config[key] !== undefined) kept[key] = config[key];
  return kept as OptimizerConfig;
}

/** Per-parameter state the optimizer keeps (tfjs: Adam's two moments, RMSprop's mean square and moment, SGD's momentum). */
export function optimizerSlots(config: Pick<OptimizerConfig, 'type' | 'momentum'>): number {
  switch (config.type) {
    case 'adam':
    case 'rmsprop':
      return 2;
    case 'sgd':
      return (config.momentum ?? 0) > 0 ? 1 : 0;
  }
}
