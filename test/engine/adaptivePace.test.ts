import { describe, expect, it } from 'vitest';
import { AdaptivePace } from '../../src/engine/adaptivePace';

/**
 * Runs steps of `stepMs` on a fake clock from `from` to `to`, with the page reporting a late
 * frame at each time in `lateAt` (before the step due then); returns the rests taken, in order.
 */
function train(pace: AdaptivePace, from: number, to: number, stepMs: number, lateAt: readonly number[] = []): { at: number; ms: number }[] {
  const rests: { at: number; ms: number }[] = [];
  const reports = lateAt.filter((t) => t >= from && t < to);
  for (let t = from; t < to; ) {
    while (reports.length > 0 && reports[0]! <= t) pace.late(60, reports.shift()!);
    const rest = pace.restDue(t);
    if (rest > 0) {
      rests.push({ at: t, ms: rest });
      t += rest;
    }
    t += stepMs;
  }
  return rests;
}

const every = (from: number, to: number, gap: number) => Array.from({ length: Math.floor((to - from) / gap) }, (_, i) => from + i * gap);

describe('AdaptivePace', () => {
  it('never rests while the page keeps up', () => {
    expect(train(new AdaptivePace(), 0, 10_000, 5)).toEqual([]);
  });

  it('does not rest for a lone late frame; at the second within 2 s rests before the next step, then 40 ms busy : rest at the share (0.1 -> 40 x 0.1 / 0.9 ms)', () => {
    const pace = new AdaptivePace();
    expect(train(pace, 0, 1000, 5, [500])).toEqual([]);
    expect(pace.share(999)).toBe(0);
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

  it('each late report while resting adds 0.1 to the share, up to 0.2 (10 ms after every 40, the fixed rest it replaced)', () => {
    const capped = new AdaptivePace();
    capped.late(60, 0);
    capped.late(60, 100);
    expect(capped.share(100)).toBeCloseTo(0.1, 12);
    // The window before the rest held 2 reports (0 and 100): 1 in the rest's window is fewer.
    capped.late(60, 200);
    expect(capped.share(200)).toBeCloseTo(0.2, 12);
    // The second report asked for a rest at once; none was taken, so it is due now.
    expect(capped.restDue(200)).toBeCloseTo((40 * 0.2) / 0.8, 12);
    expect(capped.restDue(240)).toBe(0);
    expect(capped.restDue(250)).toBeCloseTo(10, 12);
    const wide = new AdaptivePace({ maxShare: 0.5 });
    // A rest that did not help (2 reports in its window, as many as before it) benches the pace
    // to 10,300; the reports meanwhile are the next rest's measure: 4 in the 2 s before 10,400,
    // so 3 more while it rests raise the share to 0.4.
    for (const t of [0, 100, 200, 300]) wide.late(60, t);
    expect(wide.benched(300)).toBe(true);
    for (const t of [9000, 9500, 10_000, 10_400]) wide.late(60, t);
    expect(wide.share(10_400)).toBeCloseTo(0.1, 12);
    for (const t of [10_500, 10_600, 10_700]) wide.late(60, t);
    expect(wide.share(10_700)).toBeCloseTo(0.4, 12);
  });

  it('holds the share 1 s after the last late report, then falls linearly to nothing over 2 s, and a report while it falls adds to what is left', () => {
    const pace = new AdaptivePace();
    pace.late(60, 0);
    pace.late(60, 0);
    expect(pace.share(1000)).toBeCloseTo(0.1, 12);
    expect(pace.share(2000)).toBeCloseTo(0.05, 12); // halfway down
    expect(pace.share(3000)).toBe(0);
    expect(train(pace, 3000, 6000, 5)).toEqual([]);
    // No report in the rest's first 2 s: it helped, and the page's next late frames are judged afresh.
    for (const t of [6000, 6500]) pace.late(60, t);
    pace.late(60, 8500);
    expect(pace.share(8500)).toBeCloseTo(0.1 * (1 - 1000 / 2000) + 0.1, 12);
    expect(pace.benched(8500)).toBe(false);
  });

  it('ends a rest when the page stays as late while resting, and trains flat out for 10 s, then 20 s, then 40 s', () => {
    const pace = new AdaptivePace();
    // A late frame every 500 ms, whatever the worker does (another process's doing).
    const rests = train(pace, 0, 80_000, 5, every(0, 80_000, 500));
    const spans = rests.reduce<{ from: number; to: number }[]>((out, r) => {
      const last = out.at(-1);
      if (last && r.at - last.to < 100) last.to = r.at + r.ms;
      else out.push({ from: r.at, to: r.at + r.ms });
      return out;
    }, []);
    // Rest from the second report (500) until the window since then holds 2 (1000, 1500); benched
    // 10 s to 11,500, where the 2 s before held 4 (10,000-11,500): rests until 4 more (13,500);
    // benched 20 s to 33,500, rests to 35,500; benched 40 s to 75,500, rests to 77,500.
    expect(spans.map((s) => [Math.round(s.from / 100) * 100, Math.round(s.to / 100) * 100])).toEqual([
      [500, 1500],
      [11_500, 13_500],
      [33_500, 35_500],
      [75_500, 77_500],
    ]);
    // So over 80 s the rest took under 2% of the time (a fixed 10-20% share: 8-16 s).
    const rested = rests.reduce((sum, r) => sum + r.ms, 0);
    expect(rested).toBeLessThan(0.02 * 80_000);
    expect(pace.benched(77_600)).toBe(true);
  });

  it('keeps resting while the page is late less often than before the rest, window after window', () => {
    const pace = new AdaptivePace();
    // Benched to 10,300 (above); 3 late frames in the 2 s before the rest begins at 11,000, then
    // 2 in each of its 2 s windows.
    for (const t of [0, 100, 200, 300]) pace.late(60, t);
    expect(pace.benched(200)).toBe(true);
    const lateAt = [...every(8500, 10_000, 500), ...every(10_000, 20_000, 1000)];
    train(pace, 8000, 20_000, 5, lateAt);
    expect(pace.benched(20_000)).toBe(false);
    expect(pace.share(20_000)).toBeCloseTo(0.2, 12);
  });

  it('refuses a frame time that is not a positive finite number, and options out of range', () => {
    const pace = new AdaptivePace();
    for (const bad of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => pace.late(bad, 0)).toThrow(`a late frame needs a positive number of milliseconds, got ${bad}`);
    }
    expect(pace.share(0)).toBe(0);
    expect(() => new AdaptivePace({ maxShare: 1 })).toThrow(
      'pace options out of range: busyMs 40, step 0.1, maxShare 1 (0-1), holdMs 1000, decayMs 2000, trialMs 2000, benchMs 10000, maxBenchMs 120000 (>= benchMs)',
    );
    expect(() => new AdaptivePace({ benchMs: 200_000 })).toThrow('maxBenchMs 120000 (>= benchMs)');
  });
});
