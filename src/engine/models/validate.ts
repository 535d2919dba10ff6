/**
 * Checks for the model configs. Configs arrive as JSON (a saved run, a URL, the worker's
 * protocol), so every field is checked at runtime and each error names the field, what
 * was expected and what came: "dcgan.width: expected an integer from 1 to 256, got 0".
 */

import { jsonPath } from '../../losses/jsonShape';
import { showValue } from '../../losses/jsonText';

/** A model config that cannot be built. */
export class ModelConfigError extends Error {
  override name = 'ModelConfigError';
}

// Bounded and never throwing: a config may hold a BigInt, a cycle or a megabyte string.
function shown(value: unknown): string {
  return showValue(value, 80);
}

/** Fails with "<field>: expected <what>, got <value>". */
export function fail(field: string, expected: string, value: unknown): never {
  throw new ModelConfigError(`${field}: expected ${expected}, got ${shown(value)}`);
}

/**
 * The config as a plain object, after refusing keys the family does not know: a typo
 * ("widht") would otherwise fall back to the default without a word.
 */
export function plainObject(label: string, value: unknown, known: readonly string[]): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(label, 'a config object', value);
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!known.includes(key)) {
      throw new ModelConfigError(`${jsonPath(label, [key])}: unknown field; expected one of ${known.join(', ')}`);
    }
  }
  return record;
}

/** An integer in [min, max], or `fallback` when absent. */
export function intIn(field: string, value: unknown, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(field, `an integer from ${min} to ${max}`, value);
  }
  return value;
}

/** One of `options`, or `fallback` when absent. */
export function oneOf<T extends string | number>(field: string, value: unknown, options: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(options as readonly unknown[]).includes(value)) fail(field, `one of ${options.map((o) => shown(o)).join(', ')}`, value);
  return value as T;
}

/**
 * Largest config seed. Layer k of a model draws from seed * SEED_STRIDE + k, which must
 * stay an exact integer in a double.
 */
export const MAX_SEED = 2 ** 31 - 1;

export function seedField(field: string, value: unknown): number {
  return intIn(field, value, 0, MAX_SEED, 0);
}
