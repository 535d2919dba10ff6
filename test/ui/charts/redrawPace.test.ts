import { describe, expect, it } from 'vitest';
import type { FrameEnv } from '../../../src/client/frameWatch';
import { createRedrawPace, LATE_HOLD_MS, LATE_REDRAW_FACTOR, redrawInterval } from '../../../src/ui/charts/redrawPace';

describe('redrawInterval', () => {
  it('is the chart\'s own interval with no late frame, 1.5 times it within 2 s of one', () => {
    expect(LATE_REDRAW_FACTOR).toBe(1.5);
    expect(LATE_HOLD_MS).toBe(2000);
    expect(redrawInterval(333, 10_000, -Infinity)).toBe(333);
    expect(redrawInterval(333, 10_000, 9_000)).toBe(333 * 1.5);
    expect(redrawInterval(1000, 10_000, 8_001)).toBe(1500);
    // 2 s after the late frame the usual pace is back.
    expect(redrawInterval(333, 10_000, 8_000)).toBe(333);
  });
});

describe('createRedrawPace', () => {
  /** A pace on a fake clock and observer: `late(ms)` reports a late frame now. */
  function harness() {
    let time = 0;
    let onLate: ((ms: number) => void) | null = null;
    let watches = 0;
    const env: FrameEnv = {
      observeLate: (listener) => {
        watches++;
        onLate = listener;
        return () => (onLate = null);
      },
      now: () => time,
    };
    return { pace: createRedrawPace(env), at: (t: number) => (time = t), late: (ms: number) => onLate?.(ms), watching: () => onLate !== null, watches: () => watches };
  }

  it('watches only once a chart asks, slows every chart after a late frame, and recovers 2 s later', () => {
    const h = harness();
    expect(h.watching()).toBe(false);
    expect(h.pace.interval(333)).toBe(333);
    expect(h.watching()).toBe(true);
    h.at(1000);
    h.late(80);
    expect(h.pace.interval(333)).toBe(499.5);
    expect(h.pace.interval(1000)).toBe(1500);
    h.at(2999);
    expect(h.pace.interval(333)).toBe(499.5);
    h.at(3000);
    expect(h.pace.interval(333)).toBe(333);
    // One watch for the page, however many charts ask.
    expect(h.watches()).toBe(1);
  });

  it('stops watching on stop, and starts again when asked', () => {
    const h = harness();
    h.pace.interval(333);
    h.pace.stop();
    expect(h.watching()).toBe(false);
    h.pace.interval(333);
    expect(h.watching()).toBe(true);
    expect(h.watches()).toBe(2);
  });
});
