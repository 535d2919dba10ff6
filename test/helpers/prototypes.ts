// Hostile inputs (`__proto__` keys, `constructor` names) must leave the built-in prototypes as
// they were: a snapshot taken when a test file loads, compared after each hostile test.
import { expect } from 'vitest';

const PROTOTYPES = { Object: Object.prototype, Array: Array.prototype, Function: Function.prototype } as const;

function snapshot(): Record<string, Record<string, PropertyDescriptor>> {
  return Object.fromEntries(Object.entries(PROTOTYPES).map(([name, proto]) => [name, Object.getOwnPropertyDescriptors(proto)]));
}

const before = snapshot();

/** Fails when a property of Object, Array or Function's prototype was added, removed or replaced. */
export function expectPrototypesUntouched(): void {
  const now = snapshot();
  for (const name of Object.keys(PROTOTYPES)) {
    const [a, b] = [before[name]!, now[name]!];
    expect(Object.keys(b).sort(), `${name}.prototype's keys`).toEqual(Object.keys(a).sort());
    for (const key of Object.keys(a)) expect(b[key], `${name}.prototype.${key}`).toEqual(a[key]);
  }
  expect(Object.getPrototypeOf(Object.prototype)).toBeNull();
}
