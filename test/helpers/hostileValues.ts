// Generated hostile values for the property tests (test/properties): leaves that break
// numbers and strings, names every object has, depth, width, sharing and cycles.
import fc from 'fast-check';
import { HOSTILE_NAMES } from './hostileNames';

export const OBJECT_NAMES = [...HOSTILE_NAMES, 'prototype', 'isPrototypeOf'];
export const LONG = 'x'.repeat(1_000_000);

export const nameArb = fc.oneof(fc.constantFrom(...OBJECT_NAMES, 'G_L1', 'D_real', 'a b', ''), fc.string({ maxLength: 12 }));

const leafArb = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 1e39, 3.4028234663852886e38, -1, 0, 1, null, undefined, true, false, 'G', 'D', 'step', 'L1Loss', LONG),
  fc.bigInt(),
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 20 }),
  fc.constant(() => 1),
);

/** An object that has exactly these own keys, `__proto__` included (fromEntries defines each). */
export const objectOf = (entries: [string, unknown][]) => Object.fromEntries(entries) as Record<string, unknown>;

function nested(levels: number, inner: unknown): unknown {
  let value = inner;
  for (let i = 0; i < levels; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

/** What breaks walkers: depth, width, sharing (a walk of a million lists: rarely), cycles. */
const specialArb = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 60, max: 20_000 }).map((n) => nested(n, 1)) },
  { weight: 3, arbitrary: fc.integer({ min: 1000, max: 150_000 }).map((n) => new Array<number>(n).fill(-1)) },
  { weight: 1, arbitrary: fc.integer({ min: 18, max: 40 }).map((n) => {
    let shared: unknown = [1];
    for (let i = 0; i < n; i++) shared = [shared, shared];
    return shared;
  }) },
  { weight: 3, arbitrary: fc.constantFrom('object', 'array').map((kind) => {
    const cycle: Record<string, unknown> | unknown[] = kind === 'object' ? { a: 1 } : [1];
    if (Array.isArray(cycle)) cycle.push(cycle);
    else cycle.self = cycle;
    return cycle;
  }) },
);

export const { value: valueArb } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 8, arbitrary: leafArb },
    { weight: 1, arbitrary: specialArb },
    { weight: 2, arbitrary: fc.array(tie('value'), { maxLength: 4 }) },
    { weight: 2, arbitrary: fc.array(fc.tuple(nameArb, tie('value')), { maxLength: 4 }).map(objectOf) },
  ),
}));

/** A value where one is expected, or something else entirely. */
export const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: arb }, { weight: 1, arbitrary: valueArb });
