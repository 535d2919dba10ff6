// A loss log's problems as text: each at its JSON path written as a JS accessor, with what was
// expected and what came (parseLossLog lists the first few).
import type { z } from 'zod';
import { showValue, valueAt } from '../../losses/jsonText';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const EXPECTED: Record<string, string> = {
  number: 'a number',
  int: 'an integer',
  array: 'a list',
  object: 'an object',
  record: 'an object',
  string: 'a string',
};

/** `LOSSMANAGER_LOG.loss_functions["G GAN"].loss[3]`: the path as a JS accessor. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => {
      if (typeof key === 'number') return `[${key}]`;
      const name = String(key);
      if (!IDENTIFIER.test(name) || name.length > 40) return `[${showValue(name, 40)}]`;
      return i === 0 ? name : `.${name}`;
    })
    .join('');
}

/** One zod issue of a loss log as "path: what was expected, got what came". */
export function describeIssue(issue: z.core.$ZodIssue, json: unknown): string {
  const where = formatPath(issue.path) || '(root)';
  // Our custom number check names its expected type in params, as invalid_type does natively.
  const type = issue.code === 'invalid_type' ? issue.expected : issue.code === 'custom' && issue.params?.expected;
  if (typeof type === 'string') {
    const expected = EXPECTED[type] ?? type;
    const value = valueAt(json, issue.path);
    if (value === undefined) return `${where}: missing (expected ${expected})`;
    return `${where}: expected ${expected}, got ${showValue(value, 40)}`;
  }
  if (issue.code === 'too_small') return `${where}: expected a step >= 0, got ${showValue(valueAt(json, issue.path), 40)}`;
  return `${where}: ${issue.message}`;
}
