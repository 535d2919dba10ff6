import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { pointsTensor, sampleTensor } from '../../../src/engine/data/tensors';
import { createToySource, DataConfigError, parseToyConfig, planeGrid, TOY_KINDS } from '../../../src/engine/data/toy';

/** n points as [x, y] pairs. */
function sample(config: unknown, n: number, seed = 1): [number, number][] {
  const flat = createToySource(config, seed).nextBatch(n);
  return Array.from({ length: n }, (_, i) => [flat[2 * i]!, flat[2 * i + 1]!]);
}

const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
const std = (v: number[]) => {
  const m = mean(v);
  return Math.sqrt(mean(v.map((x) => (x - m) ** 2)));
};
const xs = (p: [number, number][]) => p.map(([x]) => x);
const ys = (p: [number, number][]) => p.map(([, y]) => y);

const defaults = {
  ring: { kind: 'ring' },
  grid: { kind: 'grid' },
  spiral: { kind: 'spiral' },
  moons: { kind: 'moons' },
  line: { kind: 'line' },
  drawn: { kind: 'drawn', points: [[0.9, 0.9], [-0.9, -0.9], [0, 0]] },
};

describe('toy targets', () => {
  it('repeat for a seed and change with it', () => {
    for (const kind of TOY_KINDS) {
      const [a, b, c] = [1, 1, 2].map((seed) => createToySource(defaults[kind], seed).nextBatch(64));
      expect(a, kind).toEqual(b);
      expect(a, kind).not.toEqual(c);
    }
  });

  it('stay in [-1, 1]^2 but for a few jitter tails', () => {
    for (const kind of TOY_KINDS) {
      const points = sample(defaults[kind], 10_000);
      const outside = points.filter(([x, y]) => Math.abs(x) > 1 || Math.abs(y) > 1).length;
      expect(outside, kind).toBeLessThan(100);
    }
  });

  it('ring: 8 equal modes at radius 0.75, angle 2 pi k / 8, each with std 0.05 per axis', () => {
    const points = sample({ kind: 'ring' }, 40_000);
    const byMode = Array.from({ length: 8 }, () => [] as [number, number][]);
    for (const p of points) byMode[(Math.round(Math.atan2(p[1], p[0]) / (Math.PI / 4)) + 8) % 8]!.push(p);
    byMode.forEach((mode, k) => {
      expect(mode.length / 40_000).toBeCloseTo(1 / 8, 2);
      expect(mean(xs(mode))).toBeCloseTo(0.75 * Math.cos((k * Math.PI) / 4), 2);
      expect(mean(ys(mode))).toBeCloseTo(0.75 * Math.sin((k * Math.PI) / 4), 2);
      expect(std(xs(mode)) / 0.05).toBeCloseTo(1, 1);
      expect(std(ys(mode)) / 0.05).toBeCloseTo(1, 1);
    });
  });

  it('grid: 5 x 5 centres at -0.8, -0.4, 0, 0.4, 0.8: variance (2 * 0.64 + 2 * 0.16) / 5 + 0.04^2', () => {
    const points = sample({ kind: 'grid' }, 50_000);
    for (const axis of [xs(points), ys(points)]) {
      expect(mean(axis)).toBeCloseTo(0, 2);
      expect(std(axis) ** 2).toBeCloseTo(0.32 + 0.0016, 2);
    }
    // Assigned to the nearest centre: 25 modes of 1/25 each, std 0.04 around their centres.
    const cell = (v: number) => Math.min(4, Math.max(0, Math.round((v + 0.8) / 0.4)));
    const counts = new Array<number>(25).fill(0);
    for (const [x, y] of points) counts[5 * cell(y) + cell(x)]! += 1;
    counts.forEach((c) => expect(c / 50_000).toBeCloseTo(1 / 25, 2));
    expect(std(points.map(([x]) => x - (cell(x) * 0.4 - 0.8))) / 0.04).toBeCloseTo(1, 1);
  });

  it('spiral: noise-free points lie on r = 0.9 t, angle = 2 pi 1.5 t; mean radius 0.9 * E[sqrt u] = 0.6', () => {
    for (const [x, y] of sample({ kind: 'spiral', std: 0 }, 1000)) {
      const t = Math.hypot(x, y) / 0.9;
      expect(x).toBeCloseTo(0.9 * t * Math.cos(3 * Math.PI * t), 5);
      expect(y).toBeCloseTo(0.9 * t * Math.sin(3 * Math.PI * t), 5);
    }
    const radii = sample({ kind: 'spiral' }, 40_000).map(([x, y]) => Math.hypot(x, y));
    expect(mean(radii)).toBeCloseTo(0.6, 2);
  });

  it('moons: centred, each noise-free point on one of the two unit half circles (scaled by 0.6)', () => {
    const points = sample({ kind: 'moons' }, 40_000);
    expect(mean(xs(points))).toBeCloseTo(0, 2);
    expect(mean(ys(points))).toBeCloseTo(0, 2);
    for (const [x, y] of sample({ kind: 'moons', std: 0 }, 1000)) {
      const [u, v] = [x / 0.6 + 0.5, y / 0.6 + 0.25]; // back to scikit-learn's coordinates
      const onUpper = Math.abs(Math.hypot(u, v) - 1) < 1e-5 && v >= -1e-6;
      const onLower = Math.abs(Math.hypot(u - 1, v - 0.5) - 1) < 1e-5 && v <= 0.5 + 1e-6;
      expect(onUpper || onLower, `(${x}, ${y})`).toBe(true);
    }
  });

  it('line: uniform along the segment, std 0.02 across it', () => {
    const config = { kind: 'line', from: [-0.5, 0], to: [0.5, 0] };
    const points = sample(config, 20_000);
    expect(mean(xs(points))).toBeCloseTo(0, 2);
    expect(std(xs(points))).toBeCloseTo(Math.sqrt(1 / 12 + 0.02 ** 2), 2); // uniform on a length-1 segment
    expect(std(ys(points)) / 0.02).toBeCloseTo(1, 1);
  });

  it('drawn: each point equally often, with jitter', () => {
    const config = { kind: 'drawn', points: [[0.5, 0.5], [-0.5, -0.25]], std: 0.02 };
    const points = sample(config, 20_000);
    expect(mean(xs(points))).toBeCloseTo(0, 2);
    expect(mean(ys(points))).toBeCloseTo(0.125, 2);
    const near = (p: [number, number], q: number[]) => Math.hypot(p[0] - q[0]!, p[1] - q[1]!) < 6 * 0.02;
    expect(points.every((p) => near(p, [0.5, 0.5]) || near(p, [-0.5, -0.25]))).toBe(true);
  });

  it('fills defaults and names bad fields', () => {
    expect(parseToyConfig({ kind: 'ring' })).toEqual({ kind: 'ring', modes: 8, radius: 0.75, std: 0.05 });
    const cases: [unknown, string][] = [
      [{ kind: 'ring', radius: 3 }, 'data.radius: must be <= 1 (got 3)'],
      [{ kind: 'star' }, 'data.kind: unknown kind "star" (valid kinds: ring, grid, spiral, moons, line, drawn)'],
      [{ kind: 'ring', radus: 0.5 }, 'unknown key "radus" (a ring target takes kind, modes, radius, std)'],
      [{ kind: 'drawn', points: [] }, 'data.points: draw at least one point (got [])'],
      [{ kind: 'drawn', points: [[0, 0], [2, 0]] }, 'data.points[1][0]:'],
      [{ kind: 'grid', size: 2.5 }, 'data.size: must be an integer (got 2.5)'],
    ];
    for (const [config, message] of cases) {
      expect(() => parseToyConfig(config)).toThrow(DataConfigError);
      expect(() => parseToyConfig(config)).toThrow(message);
    }
    expect(() => createToySource({ kind: 'ring' }, 1).nextBatch(0)).toThrow('batch size must be a positive integer, got 0');
  });
});

describe('planeGrid', () => {
  it('gives cell centres row-major, top row first', () => {
    expect(Array.from(planeGrid(2))).toEqual([-0.5, 0.5, 0.5, 0.5, -0.5, -0.5, 0.5, -0.5]);
    expect(Array.from(planeGrid(1, 2))).toEqual([0, 0]);
    expect(() => planeGrid(0)).toThrow('grid resolution must be a positive integer, got 0');
  });
});

describe('tensor wrappers', () => {
  it('make [n, 2] tensors of the same values and leak nothing', async () => {
    const before = tf.memory().numTensors;
    const t = sampleTensor(createToySource({ kind: 'ring' }, 9), 16);
    expect(t.shape).toEqual([16, 2]);
    expect(Array.from(await t.data())).toEqual(Array.from(createToySource({ kind: 'ring' }, 9).nextBatch(16)));
    const grid = pointsTensor(planeGrid(3));
    expect(grid.shape).toEqual([9, 2]);
    tf.dispose([t, grid]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
