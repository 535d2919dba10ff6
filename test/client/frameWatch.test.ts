import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchFrames, type FrameEnv } from '../../src/client/frameWatch';

/** A watch on a fake observer and clock: `frame(at, ms)` reports a late frame of `ms` at `at`. */
function harness() {
  const late: { at: number; frameMs: number }[] = [];
  const listener: { onLate: ((ms: number) => void) | null } = { onLate: null };
  const env: FrameEnv = {
    observeLate: (onLate) => {
      listener.onLate = onLate;
      return () => (listener.onLate = null);
    },
    now: () => Date.now(),
  };
  const stop = watchFrames((frameMs) => late.push({ at: Date.now(), frameMs }), {}, env);
  const frame = async (at: number, ms: number) => {
    await vi.advanceTimersByTimeAsync(at - Date.now());
    listener.onLate?.(ms);
  };
  return { late, stop, frame, listening: () => listener.onLate !== null };
}

describe('watchFrames', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('reports a late frame at once, with its duration', async () => {
    const { late, frame } = harness();
    await frame(100, 68);
    expect(late).toEqual([{ at: 100, frameMs: 68 }]);
  });

  it('at most once per 250 ms: the worst late frame since the last report, sent when the 250 ms are up', async () => {
    const { late, frame } = harness();
    await frame(100, 60);
    await frame(180, 80);
    await frame(250, 70);
    await vi.advanceTimersByTimeAsync(1000);
    await frame(2000, 55);
    expect(late).toEqual([
      { at: 100, frameMs: 60 },
      { at: 350, frameMs: 80 },
      { at: 2000, frameMs: 55 },
    ]);
  });

  it('sends no empty report when its timer runs late, after a late frame already reported at once', async () => {
    const { late, frame, listening } = harness();
    await frame(100, 60);
    await frame(200, 70); // held: the timer is due at 350
    // The page is busy: the clock passes 350 but the timer has not run when the next frame is seen.
    vi.setSystemTime(400);
    expect(listening()).toBe(true);
    await frame(400, 65);
    await vi.advanceTimersByTimeAsync(1000);
    expect(late).toEqual([
      { at: 100, frameMs: 60 },
      { at: 400, frameMs: 70 },
    ]);
  });

  it('does not count a frame over a second (a paused debugger, a suspended tab)', async () => {
    const { late, frame } = harness();
    await frame(100, 1500);
    await vi.advanceTimersByTimeAsync(1000);
    expect(late).toEqual([]);
  });

  it('stops listening, and sends nothing still held, when stopped', async () => {
    const { late, frame, stop, listening } = harness();
    await frame(100, 60);
    await frame(150, 90);
    stop();
    expect(listening()).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(late).toEqual([{ at: 100, frameMs: 60 }]);
  });
});
