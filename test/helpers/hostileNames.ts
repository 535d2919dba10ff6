import { expect } from 'vitest';

/** Names every plain object already has (or that set its prototype): valid loss names all the same. */
export const HOSTILE_NAMES = ['toString', 'constructor', 'valueOf', 'hasOwnProperty', '__proto__'] as const;

/** Object.prototype's own properties, to compare after a hostile input went through. */
export function prototypeSnapshot(): Record<string, unknown> {
  return Object.fromEntries(Reflect.ownKeys(Object.prototype).map((key) => [String(key), Object.getOwnPropertyDescriptor(Object.prototype, key)?.value]));
}

/** Fails when anything was added to, removed from or replaced on Object.prototype since `before`. */
export function expectPrototypeUntouched(before: Record<string, unknown>): void {
  expect(prototypeSnapshot()).toEqual(before);
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
}
