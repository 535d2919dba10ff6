import type { Tensor } from '@tensorflow/tfjs';
import type { LossOutputs } from '../losses';

/** The outputs keys the engine provides, MMagic's names (one list, shared with the page's spec editor). */
export { OUTPUT_KEYS } from '../protocol/presets';
import { OUTPUT_KEYS } from '../protocol/presets';
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
