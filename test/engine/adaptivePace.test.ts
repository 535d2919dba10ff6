import { describe, expect, it } from 'vitest';
import { AdaptivePace } from '../../src/engine/adaptivePace';

/** Runs steps of `stepMs` on a fake clock from `from` to `to`; returns the rests taken, in order. */
function train(pace: AdaptivePace, from: number, to: number, stepMs: number): { at: number; ms: number }[] {
  const rests: { at: number; ms: number }[] = [];
  for (let t = from; t < to; ) {
    const rest = pace.restDue(t);
    if (rest > 0) {
      rests.push({ at: t, ms: rest });
      t += rest;
    }
    t += stepMs;
  }
  return rests;
}

describe('AdaptivePace', () => {
  it('never rests while the page keeps up', () => {
    expect(train(new AdaptivePace(), 0, 10_000, 5)).toEqual([]);
  });

  it('after a late frame rests before the next step, then 40 ms busy : rest at the share (0.1 -> 40 x 0.1 / 0.9 ms)', () => {
    const pace = new AdaptivePace();
    train(pace, 0, 1000, 5);
    pace.late(80, 1000);
    const rests = train(pace, 1000, 1500, 5);
    expect(rests[0]).toEqual({ at: 1000, ms: (40 * 0.1) / 0.9 });
    // Each rest follows 40 ms of steps (to the step's 5 ms) after the one before ends.
    const busy = rests[1]!.at - (rests[0]!.at + rests[0]!.ms);
    expect(busy).toBeGreaterThan(40 - 1e-9);
    expect(busy).toBeLessThan(45 + 1e-9);
    // Over a held second, ~10% of the time rests.
    const rested = rests.reduce((sum, r) => sum + r.ms, 0);
    expect(rested / 500).toBeGreaterThan(0.08);
    expect(rested / 500).toBeLessThan(0.12);
  });

  it('each late report adds 0.1 to the share, up to 0.2 (10 ms after every 40, the fixed rest it replaced)', () => {
    const pace = new AdaptivePace({ maxShare: 0.5 });
    for (let i = 1; i <= 3; i++) pace.late(60, i * 100);
    expect(pace.share(300)).toBeCloseTo(0.3, 12);
    const capped = new AdaptivePace();
    for (let i = 1; i <= 10; i++) capped.late(60, i * 100);
    expect(capped.share(1000)).toBe(0.2);
    // The first report asked for a rest at once; none was taken, so it is due now.
    expect(capped.restDue(1000)).toBe((40 * 0.2) / 0.8);
    expect(capped.restDue(1040)).toBe(0);
    expect(capped.restDue(1050)).toBe(10);
  });

  it('holds the share 1 s after the last late report, then falls linearly to nothing over 2 s', () => {
    const pace = new AdaptivePace();
    pace.late(60, 0);
    pace.late(60, 0);
    expect(pace.share(1000)).toBeCloseTo(0.2, 12);
    expect(pace.share(2000)).toBeCloseTo(0.1, 12); // halfway down
    expect(pace.share(3000)).toBe(0);
    expect(train(pace, 3000, 6000, 5)).toEqual([]);
    // A late report while falling adds to what is left: 0.1 + 0.1.
    pace.late(60, 6000);
    pace.late(60, 7500);
    expect(pace.share(7500)).toBeCloseTo(0.1 * (1 - 500 / 2000) + 0.1, 12);
  });

  it('refuses a frame time that is not a positive finite number, and options out of range', () => {
    const pace = new AdaptivePace();
    for (const bad of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => pace.late(bad, 0)).toThrow(`a late frame needs a positive number of milliseconds, got ${bad}`);
    }
    expect(pace.share(0)).toBe(0);
    expect(() => new AdaptivePace({ maxShare: 1 })).toThrow('pace options out of range: busyMs 40, step 0.1, maxShare 1 (0-1), holdMs 1000, decayMs 2000');
  });
});
