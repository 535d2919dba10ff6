import { describe, expect, it } from 'vitest';
import { isRecord } from '../../src/losses/isRecord';

describe('isRecord', () => {
  it('accepts objects, with or without a prototype', () => {
    expect(isRecord({})).toBe(true);
    expect(isRecord({ a: 1 })).toBe(true);
    expect(isRecord(Object.create(null))).toBe(true);
    expect(isRecord(JSON.parse('{"__proto__": 1}'))).toBe(true);
  });

  it('refuses arrays, null and every non-object', () => {
    for (const value of [[], [1, 2], null, undefined, 0, 'x', true, () => 0]) expect(isRecord(value)).toBe(false);
  });
});
