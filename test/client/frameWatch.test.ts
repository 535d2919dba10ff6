import { describe, expect, it } from 'vitest';
import { watchFrames, type FrameEnv } from '../../src/client/frameWatch';

/** Frames at the given times (ms), on a fake clock; `hiddenAt` marks frames drawn while hidden. */
function drive(times: readonly number[], hiddenAt: ReadonlySet<number> = new Set()) {
  const late: { at: number; frameMs: number }[] = [];
  const pending: { callback: ((time: number) => void) | null } = { callback: null };
  let clock = 0;
  const env: FrameEnv = {
    requestAnimationFrame: (cb) => ((pending.callback = cb), 1),
    cancelAnimationFrame: () => (pending.callback = null),
    now: () => clock,
    hidden: () => hiddenAt.has(clock),
  };
  const stop = watchFrames((frameMs) => late.push({ at: clock, frameMs }), {}, env);
  for (const t of times) {
    clock = t;
    const cb = pending.callback;
    pending.callback = null;
    cb?.(t);
  }
  return { late, stop, pending: () => pending.callback !== null };
}

const every = (from: number, to: number, ms: number) => Array.from({ length: Math.floor((to - from) / ms) + 1 }, (_, i) => from + i * ms);

describe('watchFrames', () => {
  it('says nothing while frames come every 16.7 ms', () => {
    expect(drive(every(0, 5000, 16.7)).late).toEqual([]);
  });

  it('reports a frame 50 ms or more after the one before, with its gap', () => {
    expect(drive([0, 16, 32, 100, 116]).late).toEqual([{ at: 100, frameMs: 68 }]);
    expect(drive([0, 49, 98]).late).toEqual([]);
  });

  it('at most once per 250 ms: the worst late frame since the last report', () => {
    // Late frames at 100 (60 ms), 180 (80), 250 (70), then on time; one more at 400 (70).
    const { late } = drive([0, 40, 100, 180, 250, 266, 282, 330, 400]);
    expect(late).toEqual([
      { at: 100, frameMs: 60 },
      { at: 400, frameMs: 80 }, // 180's 80 ms beat 250's and 400's 70, held until 250 ms after the report at 100
    ]);
  });

  it('does not count the gap around a hidden spell, nor a gap over a second', () => {
    // Hidden at 100 (a frame seen hidden starts afresh); the next frame is at 3000 (60 ms late
    // counted from 100 would be 2,900), and a real late frame after it still counts.
    expect(drive([0, 16, 100, 3000, 3016, 3100], new Set([100])).late).toEqual([{ at: 3100, frameMs: 84 }]);
    expect(drive([0, 16, 1500, 1516]).late).toEqual([]);
  });

  it('stops asking for frames when stopped', () => {
    const watch = drive([0, 16]);
    expect(watch.pending()).toBe(true);
    watch.stop();
    expect(watch.pending()).toBe(false);
  });
});
