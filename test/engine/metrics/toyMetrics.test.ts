import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { modeCentres, parseToyConfig } from '../../../src/engine/data';
import { gridDensity, jsDivergence, klDivergence } from '../../../src/engine/metrics/gridDivergence';
import { modeCoverage } from '../../../src/engine/metrics/modeCoverage';

const EPS = 1e-4;
const CELLS = 900;
const read = async (t: tf.Tensor) => {
  const v = Array.from(await t.data());
  t.dispose();
  return v;
};

describe("GAN Lab's grid divergences", () => {
  it('bins points into 30 x 30 cells over [-1, 1]^2, the bottom-left cell first; outside points in the edge cells', async () => {
    const pts = tf.tensor2d([[-0.99, -0.99], [-0.99, -0.99], [0.99, 0.99], [5, -5]]);
    const d = await read(gridDensity(pts));
    expect(d).toHaveLength(CELLS);
    expect(d[0]).toBeCloseTo(0.5, 6); // two of four in cell (0, 0)
    expect(d[CELLS - 1]).toBeCloseTo(0.25, 6); // top-right
    expect(d[29]).toBeCloseTo(0.25, 6); // (5, -5): clamped to the bottom-right cell, column 29 of row 0
    pts.dispose();
  });

  it('identical histograms: KL = JS = 0', async () => {
    const before = tf.memory().numTensors;
    const p = tf.tidy(() => gridDensity(tf.randomUniform([500, 2], -1, 1, 'float32', 7)));
    expect((await read(klDivergence(p, p)))[0]).toBeCloseTo(0, 6);
    expect((await read(jsDivergence(p, p)))[0]).toBeCloseTo(0, 6);
    p.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('all mass in two different cells: the epsilon-smoothed values, by hand', async () => {
    const p = tf.tidy(() => gridDensity(tf.tensor2d([[-0.99, -0.99]])));
    const q = tf.tidy(() => gridDensity(tf.tensor2d([[0.99, 0.99]])));
    // KL: (1 + e) log2((1 + e) / e) in p's cell, e log2(e / (1 + e)) in q's, 0 in the 898 others.
    const kl = (1 + EPS) * Math.log2((1 + EPS) / EPS) + EPS * Math.log2(EPS / (1 + EPS));
    // JS: per side (1 + e) log2((1 + e) / (0.5 + e)) + e log2(e / (0.5 + e)); the two sides are equal.
    const js = (1 + EPS) * Math.log2((1 + EPS) / (0.5 + EPS)) + EPS * Math.log2(EPS / (0.5 + EPS));
    expect((await read(klDivergence(p, q)))[0]).toBeCloseTo(kl, 3); // ~13.29 bits
    expect((await read(jsDivergence(p, q)))[0]).toBeCloseTo(js, 5); // ~1 bit
    expect(js).toBeGreaterThan(0.998); // just under 1 bit: the epsilon in the other 898 cells costs nothing, in the two it does
    tf.dispose([p, q]);
  });
});

describe('mode coverage', () => {
  const ring = modeCentres(parseToyConfig({ kind: 'ring' }))!; // 8 modes, radius 0.75, std 0.05
  const radius = 3 * 0.05;

  it("ring-8's modes sit on the circle of radius 0.75, the first at angle 0", () => {
    expect(ring).toHaveLength(8);
    expect(ring[0]![0]).toBeCloseTo(0.75, 9);
    expect(ring[2]![1]).toBeCloseTo(0.75, 9);
    expect(modeCentres(parseToyConfig({ kind: 'grid', size: 3 }))).toHaveLength(9);
    expect(modeCentres(parseToyConfig({ kind: 'spiral' }))).toBeNull();
  });

  it('a generator collapsed onto one mode covers 1/8, with no point off mode', async () => {
    const pts = tf.tensor2d(Array.from({ length: 64 }, () => [0.75, 0.01]));
    expect(await read(modeCoverage(pts, ring, { radius }))).toEqual([1 / 8, 0]);
    pts.dispose();
  });

  it('8 points on each mode plus 16 at the origin: all covered (8 >= 0.25 * 80 / 8 = 2.5), 16/80 off mode', async () => {
    const on = ring.flatMap((c) => Array.from({ length: 8 }, () => [c[0], c[1]]));
    const pts = tf.tensor2d([...on, ...Array.from({ length: 16 }, () => [0, 0])]);
    const [covered, off] = await read(modeCoverage(pts, ring, { radius }));
    expect(covered).toBe(1);
    expect(off).toBeCloseTo(16 / 80, 6);
    pts.dispose();
  });

  it('a mode below the share: 1 point on mode 0 and 39 on mode 1 covers 1/8 at minShare 0.25 (1 < 0.25 * 40 / 8)', async () => {
    const pts = tf.tensor2d([[...ring[0]!], ...Array.from({ length: 39 }, () => [...ring[1]!])]);
    expect((await read(modeCoverage(pts, ring, { radius })))[0]).toBe(1 / 8);
    pts.dispose();
  });
});
