import { describe, expect, it } from 'vitest';
import { smoothEma } from '../../../src/ui/charts/smoothEma';

/** TensorBoard's classicSmoothing, transcribed literally (Math.pow per point) as the reference. */
function tensorboardReference(values: number[], w: number): number[] {
  if (values.every((v) => v === values[0])) return values.slice();
  let last = 0;
  let k = 0;
  return values.map((v) => {
    if (!Number.isFinite(v)) return v;
    last = last * w + (1 - w) * v;
    k++;
    return last / (w === 1 ? 1 : 1 - Math.pow(w, k));
  });
}

describe('smoothEma (TensorBoard classic smoothing)', () => {
  it('debiases the EMA by 1 - w^k (hand arithmetic, w = 0.5)', () => {
    // k=1: last = 0.5*1 = 0.5,            / (1 - 0.5)   = 1
    // k=2: last = 0.25 + 0.5*2 = 1.25,    / (1 - 0.25)  = 5/3
    // k=3: last = 0.625 + 0.5*3 = 2.125,  / (1 - 0.125) = 17/7
    const out = smoothEma([1, 2, 3], 0.5);
    expect(out[0]).toBeCloseTo(1, 12);
    expect(out[1]).toBeCloseTo(5 / 3, 12);
    expect(out[2]).toBeCloseTo(17 / 7, 12);
  });

  it('passes NaN and Infinity through without counting them or poisoning the average', () => {
    const out = Array.from(smoothEma([1, NaN, 2, Infinity, 3, -Infinity], 0.5));
    expect(out[0]).toBeCloseTo(1, 12);
    expect(out[1]).toBeNaN();
    expect(out[2]).toBeCloseTo(5 / 3, 12); // k = 2: the NaN did not count
    expect(out[3]).toBe(Infinity);
    expect(out[4]).toBeCloseTo(17 / 7, 12);
    expect(out[5]).toBe(-Infinity);
  });

  it('returns a constant series unchanged (TensorBoard #786)', () => {
    // The EMA of a constant would drift in the last bits (0.30000000000000004); TensorBoard skips it.
    expect(Array.from(smoothEma([0.3, 0.3, 0.3, 0.3], 0.9))).toEqual([0.3, 0.3, 0.3, 0.3]);
  });

  it('clamps the weight: 0 and below (or NaN) draws the raw values, 1 gives TensorBoard\'s zeros', () => {
    expect(Array.from(smoothEma([1, 2, 4], 0))).toEqual([1, 2, 4]);
    expect(Array.from(smoothEma([1, 2, 4], -3))).toEqual([1, 2, 4]);
    expect(Array.from(smoothEma([1, 2, 4], NaN))).toEqual([1, 2, 4]);
    // w = 1: last = last*1 + 0*v stays 0, and TensorBoard skips the debias division.
    expect(Array.from(smoothEma([1, 2, 4], 1))).toEqual([0, 0, 0]);
    expect(Array.from(smoothEma([1, 2, 4], 7))).toEqual([0, 0, 0]);
  });

  it('reads only `length` values of a typed array with spare capacity', () => {
    const values = new Float32Array([1, 2, 3, 99, 99, 99, 99, 99]);
    const out = smoothEma(values, 0.5, 3);
    expect(out.length).toBe(3);
    expect(out[2]).toBeCloseTo(17 / 7, 6);
  });

  it('matches the literal TensorBoard formula (Math.pow per point) on long noisy series', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const values = Array.from({ length: 20_000 }, (_, i) => (i % 997 === 0 ? NaN : 2 * Math.exp(-i / 5000) + rand()));
    for (const w of [0.3, 0.6, 0.9, 0.99, 0.999]) {
      const ours = smoothEma(values, w);
      const ref = tensorboardReference(values, w);
      let worst = 0;
      for (let i = 0; i < values.length; i++) {
        const r = ref[i] as number;
        const o = ours[i] as number;
        worst = Math.max(worst, Number.isNaN(r) ? (Number.isNaN(o) ? 0 : Infinity) : Math.abs(o - r) / Math.abs(r));
      }
      expect(worst).toBeLessThan(1e-12);
    }
  });
});
