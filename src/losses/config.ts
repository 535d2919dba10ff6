import { z } from 'zod';
import { showValue as show, valueAt } from './jsonText';
import { LossConfigError, REDUCTIONS } from './types';

/** Options every loss accepts, with MMagic's keys and defaults. */
export const lossWeight = z.number().finite().default(1);
export const reduction = z.enum(REDUCTIONS).default('mean');
export const dataInfo = z.record(z.string(), z.string()).nullable().default(null);
/** Lazy regularization: compute on iterations divisible by `interval`, return null otherwise. */
export const interval = z.number().int().min(1).default(1);

/**
 * Validates a loss's config against its schema. The error names the loss type, the field
 * and what was expected, e.g. `L1Loss: option "reduction": Invalid option: expected one of
 * "none"|"mean"|"sum" (got "avg")`. The registry's `type` key is accepted and ignored.
 */
export function parseConfig<S extends z.ZodObject>(type: string, schema: S, config: unknown): z.output<S> {
  const given = config ?? {};
  if (typeof given !== 'object' || Array.isArray(given)) {
    throw new LossConfigError(`${type}: the config must be an object of options, got ${show(config)}`);
  }
  const { type: _ignored, ...options } = given as Record<string, unknown>;
  const result = schema.safeParse(options);
  if (result.success) return result.data;
  const valid = Object.keys(schema.shape).join(', ');
  const problems = result.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return `unknown option ${issue.keys.map((k) => `"${k}"`).join(', ')} (valid options: ${valid})`;
    }
    const field = issue.path.map(String).join('.');
    return `option "${field}": ${issue.message} (got ${show(valueAt(options, issue.path))})`;
  });
  const [first] = result.error.issues;
  const field = first && first.code !== 'unrecognized_keys' ? first.path.map(String).join('.') : first?.keys[0];
  throw new LossConfigError(`${type}: ${problems.join('; ')}`, field);
}
