import type { Tensor } from '@tensorflow/tfjs';
import type { LossOutputs } from '../losses';

/** The outputs keys the engine provides, MMagic's names; the spec editor offers these for data_info. */
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
export type OutputKey = (typeof OUTPUT_KEYS)[number];

type Value = Tensor | number | ((x: Tensor) => Tensor) | object;

/**
 * MMagic's outputs dict for one phase. Entries are computed on first use (inside the
 * caller's gradient tape) and then reused: the generator phase never runs the critic on
 * real data unless some loss asks for `disc_pred_real`.
 */
export function lazyOutputs(entries: Partial<Record<OutputKey, () => Value>>): LossOutputs {
  const outputs: Record<string, unknown> = {};
  for (const [key, make] of Object.entries(entries)) {
    let cached: Value | undefined;
    Object.defineProperty(outputs, key, {
      enumerable: true,
      get: () => (cached ??= (make as () => Value)()),
    });
  }
  return outputs;
}
