// Loss options and their validation. No tfjs (types.ts is imported for its error class and
// REDUCTIONS only): the loss catalog, and through it the page's spec editor, use this file.
import { z } from '../zodConfig'; // zod, configured jitless before any schema is built
import { capMessage, listProblems, showValue as show, valueAt } from './jsonText';
import { keepOwnRecordKeys } from './ownRecord';
import { LossConfigError, REDUCTIONS } from './types';

/** Options every loss accepts, with MMagic's keys and defaults. */
export const lossWeight = z.number().finite().default(1).describe('Multiplies the loss.');
export const reduction = z
  .enum(REDUCTIONS)
  .default('mean')
  .describe('How the element-wise loss becomes one number: none, mean or sum.');
export const dataInfo = z
  .record(z.string(), z.string())
  .nullable()
  .default(null)
  .describe('{argument: outputs key}: where the loss picks its arguments from the outputs object.');
/** Lazy regularization: compute on iterations divisible by `interval`, return null otherwise. */
export const interval = z
  .number()
  .int()
  .min(1)
  .default(1)
  .describe('Run only on iterations divisible by this (lazy regularization); needs data_info when > 1.');

/** MMagic's `loss_name()`: the key the loss gets in a losses record. */
export function lossName(defaultName: string) {
  return z.string().min(1).default(defaultName).describe('The key this loss gets in a losses record.');
}

/** One problem of a config: the option at fault (when one is) and a message naming the loss type. */
export interface ConfigProblem {
  readonly field: string | undefined;
  readonly message: string;
}

export type ConfigCheck<T> =
  | { readonly ok: true; readonly data: T }
  | {
      readonly ok: false;
      /** Each problem on its own (one per unknown option too), for a form to show at its field. */
      readonly problems: readonly ConfigProblem[];
      /** All of them in one message at the first one's field: what `parseConfig` throws. */
      readonly summary: ConfigProblem;
    };

/**
 * Checks a loss's config against its schema without throwing. Messages name the loss type,
 * the field and what was expected, e.g. `L1Loss: option "reduction": Invalid option:
 * expected one of "none"|"mean"|"sum" (got "avg")`. The registry's `type` key is accepted
 * and ignored.
 */
export function checkConfig<S extends z.ZodObject>(type: string, schema: S, config: unknown): ConfigCheck<z.output<S>> {
  const given = config ?? {};
  if (typeof given !== 'object' || Array.isArray(given)) {
    const problem = { field: undefined, message: `${type}: the config must be an object of options, got ${show(config)}` };
    return { ok: false, problems: [problem], summary: problem };
  }
  // A rest copy keeps an own `__proto__` key, as the records below need.
  const { type: _ignored, ...options } = given as Record<string, unknown>;
  const result = schema.safeParse(options);
  const kept = result.success ? keepOwnRecordKeys(schema, options, result.data as Record<string, unknown>) : [];
  if (result.success && kept.length === 0) return { ok: true, data: result.data };
  const valid = Object.keys(schema.shape).join(', ');
  const unknown = (keys: readonly string[]) => `unknown option ${listProblems(keys.map((k) => show(k, 40))).join(', ')} (valid options: ${valid})`;
  const parts: string[] = [];
  const problems: ConfigProblem[] = [];
  const invalid = (path: readonly PropertyKey[], message: string) => {
    const field = path.map(String).join('.');
    const part = `option ${show(field, 80)}: ${message} (got ${show(valueAt(options, path))})`;
    parts.push(part);
    problems.push({ field, message: `${type}: ${part}` });
  };
  for (const issue of result.success ? [] : result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      parts.push(unknown(issue.keys));
      // One problem a key, for a form to show at each; a thousand unknown keys are one problem.
      const each = issue.keys.length <= MAX_LISTED ? issue.keys : [];
      problems.push(...each.map((key) => ({ field: key, message: `${type}: ${unknown([key])}` })));
      if (each.length === 0) problems.push({ field: undefined, message: `${type}: ${unknown(issue.keys)}` });
    } else {
      invalid(issue.path, issue.message);
    }
  }
  for (const problem of kept) invalid(problem.path, problem.message);
  const summary = capMessage(`${type}: ${listProblems(parts).join('; ')}`);
  return { ok: false, problems: problems.map((p) => ({ ...p, message: capMessage(p.message) })), summary: { field: problems[0]?.field, message: summary } };
}

/** The most unknown options reported one by one. */
const MAX_LISTED = 100;

/** Validates a loss's config against its schema, throwing `checkConfig`'s summary as a LossConfigError. */
export function parseConfig<S extends z.ZodObject>(type: string, schema: S, config: unknown): z.output<S> {
  const result = checkConfig(type, schema, config);
  if (result.ok) return result.data;
  throw new LossConfigError(result.summary.message, result.summary.field);
}
