// The page's side of the worker's adaptive pace (src/engine/adaptivePace.ts): listens for the
// page's late frames and says so, at most once per `minGapMs` (the worst since the last report).
// The worker rests only after such a report, so it trains flat out while the page keeps up.
// Late frames come from the browser's own observer ('long-animation-frame' where Chromium has
// it: a frame whose main-thread work and rendering took over 50 ms; else 'longtask'), so the
// watch costs nothing while frames are on time, and an idle page is not kept drawing.

export interface FrameWatchOptions {
  /** At most one report per this long. @default 250 */
  readonly minGapMs?: number;
  /** Longer frames are not counted (a paused debugger, a suspended tab). @default 1000 */
  readonly ignoreOverMs?: number;
}

/** What the watch needs from the page; injected so a test drives it with a fake clock. */
export interface FrameEnv {
  /** Calls `onLate` with each late frame's (or long task's) duration; returns a function that stops. */
  observeLate(onLate: (durationMs: number) => void): () => void;
  now(): number;
}

function browserEnv(): FrameEnv {
  const supported = typeof PerformanceObserver === 'undefined' ? [] : PerformanceObserver.supportedEntryTypes;
  const type = supported.includes('long-animation-frame') ? 'long-animation-frame' : supported.includes('longtask') ? 'longtask' : null;
  return {
    observeLate: (onLate) => {
      if (!type) return () => {};
      const observer = new PerformanceObserver((list) => list.getEntries().forEach((entry) => onLate(entry.duration)));
      observer.observe({ type, buffered: false });
      return () => observer.disconnect();
    },
    now: () => performance.now(),
  };
}

/** Calls `onLate(frameMs)` when the page's frames run late; returns a function that stops watching. */
export function watchFrames(onLate: (frameMs: number) => void, options: FrameWatchOptions = {}, env: FrameEnv = browserEnv()): () => void {
  const { minGapMs = 250, ignoreOverMs = 1000 } = options;
  let worst = 0;
  let lastReport = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const report = () => {
    // A timer due now may not have run yet (a busy page runs timers late) when a late frame
    // reports at once: it must not send again.
    clearTimeout(timer);
    timer = undefined;
    if (worst === 0) return;
    onLate(worst);
    worst = 0;
    lastReport = env.now();
  };
  const stop = env.observeLate((durationMs) => {
    if (!(durationMs > 0) || durationMs > ignoreOverMs) return;
    worst = Math.max(worst, durationMs);
    const wait = lastReport + minGapMs - env.now();
    if (wait <= 0) report();
    else timer ??= setTimeout(report, wait);
  });
  return () => {
    stop();
    clearTimeout(timer);
  };
}
