// An optimizer as JSON, so it travels in a run's settings. One schema for the page, the CLI and
// the worker: the engine builds from what this accepts (src/engine/optimizers.ts).
import { z } from 'zod';

export const OPTIMIZER_TYPES = ['adam', 'sgd', 'rmsprop'] as const;
export type OptimizerType = (typeof OPTIMIZER_TYPES)[number];

// A beta of 1 divides by 1 - beta^t = 0 in Adam's bias correction: NaN from the first step.
const beta = z
  .number({ error: 'must be a number' })
  .min(0, { error: 'must be >= 0 and < 1' })
  .lt(1, { error: 'must be >= 0 and < 1' });

export const optimizerConfigSchema = z.strictObject(
  {
    type: z.enum(OPTIMIZER_TYPES, { error: `must be one of ${OPTIMIZER_TYPES.join(', ')}` }),
    learningRate: z.number({ error: 'must be a number' }).positive({ error: 'must be > 0' }),
    /** Adam's beta1; DCGAN and pix2pix use 0.5. @default 0.5 */
    beta1: beta.optional(),
    /** Adam's beta2. @default 0.999 */
    beta2: beta.optional(),
  },
  { error: 'must be an optimizer, e.g. {"type": "adam", "learningRate": 0.0002}' },
);

export type OptimizerConfig = z.infer<typeof optimizerConfigSchema>;

/** Adam's betas when a config leaves them out. */
export const OPTIMIZER_DEFAULTS = { beta1: 0.5, beta2: 0.999 } as const;
