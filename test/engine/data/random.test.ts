import { describe, expect, it } from 'vitest';
import { createRandom, epochSampler } from '../../../src/engine/data/random';

const draw = (seed: number, n: number) => {
  const rng = createRandom(seed);
  return Array.from({ length: n }, () => rng.uniform());
};

describe('createRandom', () => {
  it('repeats a stream for a seed and changes with the seed', () => {
    expect(draw(42, 100)).toEqual(draw(42, 100));
    expect(draw(42, 100)).not.toEqual(draw(43, 100));
    // Seeds are reduced to uint32: 2^32 + 42 is seed 42.
    expect(draw(2 ** 32 + 42, 5)).toEqual(draw(42, 5));
  });

  it('gives uniforms in [0, 1) with mean 1/2 and variance 1/12', () => {
    const u = draw(1, 100_000);
    const mean = u.reduce((s, v) => s + v, 0) / u.length;
    const variance = u.reduce((s, v) => s + (v - mean) ** 2, 0) / u.length;
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(mean).toBeCloseTo(0.5, 2);
    expect(variance).toBeCloseTo(1 / 12, 3);
  });

  it('gives standard normals', () => {
    const rng = createRandom(7);
    const z = Array.from({ length: 100_000 }, () => rng.normal());
    const mean = z.reduce((s, v) => s + v, 0) / z.length;
    const variance = z.reduce((s, v) => s + (v - mean) ** 2, 0) / z.length;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(variance - 1)).toBeLessThan(0.02);
    expect(z.every(Number.isFinite)).toBe(true);
  });

  it('draws integers in [0, n) hitting every value', () => {
    const rng = createRandom(3);
    const counts = new Array<number>(5).fill(0);
    for (let i = 0; i < 5000; i++) counts[rng.int(5)]! += 1;
    counts.forEach((c) => expect(c).toBeGreaterThan(900));
  });
});

describe('epochSampler', () => {
  it('visits every index once per epoch, in a new order each epoch', () => {
    const next = epochSampler(10, createRandom(5));
    const first = Array.from({ length: 10 }, next);
    const second = Array.from({ length: 10 }, next);
    expect([...first].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...second].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(second).not.toEqual(first);
  });
});
