// The charts' side of the page running late: while the page's frames run late (the same
// watch the worker's adaptive pace hears, src/client/frameWatch.ts), every chart redraws less
// often, so the main thread and the browser's raster and compositor give some of their CPU
// back to the worker and to input. Only what is drawn per second changes: every value still
// reaches the history store, and the next redraw draws all of them.
import { watchFrames, type FrameEnv } from '../../client/frameWatch';

/** A chart's least time between redraws is this many times its own while the page runs late. */
export const LATE_REDRAW_FACTOR = 1.5;

/** The slower pace lasts this long after the last late frame heard of. */
export const LATE_HOLD_MS = 2000;

/** `baseMs`, or LATE_REDRAW_FACTOR times it within LATE_HOLD_MS of the last late frame (at `lateAt`). */
export function redrawInterval(baseMs: number, now: number, lateAt: number): number {
  return now - lateAt < LATE_HOLD_MS ? baseMs * LATE_REDRAW_FACTOR : baseMs;
}

export interface RedrawPace {
  /** The least time between two redraws of a chart whose own interval is `baseMs`, now. */
  interval(baseMs: number): number;
  /** Stops watching (a fresh watch starts at the next `interval`). */
  stop(): void;
}

/**
 * A page-wide pace: one watch on late frames, started at the first `interval` call (so a page
 * without charts has none), shared by every chart. `env` is injectable for tests.
 */
export function createRedrawPace(env?: FrameEnv): RedrawPace {
  let lateAt = -Infinity;
  let stopWatch: (() => void) | null = null;
  const now = () => (env ? env.now() : performance.now());
  return {
    interval(baseMs) {
      stopWatch ??= watchFrames(() => (lateAt = now()), {}, env);
      return redrawInterval(baseMs, now(), lateAt);
    },
    stop() {
      stopWatch?.();
      stopWatch = null;
    },
  };
}

/** The page's pace, shared by its charts. */
export const pagePace: RedrawPace = createRedrawPace();
