import { describe, expect, it } from 'vitest';
import { classEntropy } from '../../../src/engine/metrics/classEntropy';

describe('class entropy of the predicted digits (bits)', () => {
  it('is 0 for a generator collapsed onto one digit', () => {
    expect(classEntropy(new Array(500).fill(7), 10)).toBe(0);
  });

  it('is log2(10) when every digit is predicted equally often', () => {
    expect(classEntropy(Array.from({ length: 1000 }, (_, i) => i % 10), 10)).toBeCloseTo(Math.log2(10), 12);
  });

  it('by hand: classes 0, 0, 1, 2 are shares 1/2, 1/4, 1/4: 1/2 + 2 * (1/4 * 2) = 1.5 bits', () => {
    expect(classEntropy([0, 0, 1, 2], 10)).toBeCloseTo(1.5, 12);
  });

  it('refuses a class out of range and an empty set', () => {
    expect(() => classEntropy([0, 10], 10)).toThrow(/class 10 at 1 is not in 0..9/);
    expect(() => classEntropy([], 10)).toThrow(/no predictions/);
  });
});
