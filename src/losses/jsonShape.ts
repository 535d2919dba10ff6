/**
 * The shape check every parser of user JSON runs first (specs, schedules, loss logs, loss
 * configs): is this value JSON at all, and small enough to walk? After it, zod and our own
 * walkers recurse without a stack overflow, and JSON.stringify never meets a BigInt or a cycle.
 * No dependencies: the page, the worker and the CLI share it.
 */
import { showValue } from './jsonText';

export interface JsonShapeLimits {
  /** The most objects and lists one inside another. @default 64 */
  readonly maxDepth?: number;
  /**
   * The most objects and lists in all, a shared one counted each time it is reached (so a
   * value built by sharing, `a = [a, a]` twenty times, cannot stand for a million). @default 1_000_000
   */
  readonly maxContainers?: number;
}

/**
 * Limits no real spec, schedule or loss log comes near: a spec is ~7 levels deep (a keyframe
 * of a schedule of a loss), a loss log ~13 (its spec inside), and a schedule of 100,000
 * keyframes holds 100,001 lists.
 */
export const JSON_SHAPE_LIMITS = { maxDepth: 64, maxContainers: 1_000_000 } as const;

/** Why a value cannot be taken as JSON, at the path (a list of keys) of the part at fault. */
export interface JsonShapeProblem {
  readonly keys: readonly PropertyKey[];
  readonly message: string;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `root` + ['losses', 2, 'name'] -> `root.losses[2].name`; a key that is no identifier in brackets. */
export function jsonPath(root: string, keys: readonly PropertyKey[]): string {
  let path = root;
  for (const key of keys) {
    if (typeof key === 'number') path += `[${key}]`;
    else if (typeof key === 'string' && key.length <= 40 && IDENTIFIER.test(key)) path += path === '' ? key : `.${key}`;
    else path += `[${showValue(typeof key === 'string' ? key : String(key), 40)}]`;
  }
  return path;
}

class ShapeError {
  readonly keys: PropertyKey[];
  readonly message: string;

  constructor(keys: PropertyKey[], message: string) {
    this.keys = keys;
    this.message = message;
  }
}

class Walker {
  private containers = 0;
  private readonly keys: PropertyKey[] = [];
  private readonly ancestors = new Set<object>();
  private readonly maxDepth: number;
  private readonly maxContainers: number;

  constructor(limits: JsonShapeLimits) {
    this.maxDepth = limits.maxDepth ?? JSON_SHAPE_LIMITS.maxDepth;
    this.maxContainers = limits.maxContainers ?? JSON_SHAPE_LIMITS.maxContainers;
  }

  private fail(message: string): never {
    throw new ShapeError([...this.keys], message);
  }

  walk(value: unknown): void {
    switch (typeof value) {
      case 'bigint':
        return this.fail(`not JSON: a BigInt (${showValue(value, 30)}); write it as a number`);
      case 'function':
        return this.fail('not JSON: a function');
      case 'symbol':
        return this.fail('not JSON: a symbol');
      case 'object':
        if (value === null) return;
        break;
      default:
        return;
    }
    const list = Array.isArray(value);
    // No JSON value, but a leaf to the parsers, which say what they expected; not a million keys to list.
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return;
    if (this.ancestors.has(value)) this.fail('not JSON: a cycle (this value contains itself)');
    if (this.ancestors.size >= this.maxDepth) this.fail(`nested deeper than ${this.maxDepth} levels`);
    if (++this.containers > this.maxContainers) {
      this.fail(`too large: more than ${this.maxContainers.toLocaleString('en-US')} objects and lists (a shared one counts each time)`);
    }
    this.ancestors.add(value);
    if (list) {
      for (let i = 0; i < value.length; i++) this.child(i, value[i]);
    } else {
      for (const key of Object.keys(value)) this.child(key, (value as Record<string, unknown>)[key]);
    }
    this.ancestors.delete(value);
  }

  private child(key: PropertyKey, value: unknown): void {
    this.keys.push(key);
    this.walk(value);
    this.keys.pop();
  }
}

/**
 * Whether `value` is JSON the parsers can walk: no BigInt, function, symbol or cycle, nested
 * at most `maxDepth` levels, at most `maxContainers` objects and lists. Returns the first
 * problem with the keys that lead to it, or null. Never throws (a proxy that cannot be read
 * is a problem too).
 */
export function checkJsonShape(value: unknown, limits: JsonShapeLimits = {}): JsonShapeProblem | null {
  try {
    new Walker(limits).walk(value);
    return null;
  } catch (error) {
    if (error instanceof ShapeError) return { keys: error.keys, message: error.message };
    return { keys: [], message: 'cannot be read as JSON' };
  }
}
