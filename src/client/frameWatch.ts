// The page's side of the worker's adaptive pace (src/engine/adaptivePace.ts): watches the gaps
// between animation frames and says when one ran late, at most once per `minGapMs` (the worst
// frame since the last report). The worker rests only after such a report, so it trains flat
// out while the page keeps up. A hidden page draws no frames: the gap around a hidden spell (and
// any gap over `ignoreOverMs`, a suspended tab or a debugger) says nothing about the page's load.

export interface FrameWatchOptions {
  /** A frame this long after the one before is late. @default 50 (the long-task budget) */
  readonly lateMs?: number;
  /** At most one report per this long. @default 250 */
  readonly minGapMs?: number;
  /** Longer gaps are not counted. @default 1000 */
  readonly ignoreOverMs?: number;
}

/** What the watch needs from the page; injected so a test drives it with a fake clock. */
export interface FrameEnv {
  requestAnimationFrame(callback: (time: number) => void): number;
  cancelAnimationFrame(id: number): void;
  now(): number;
  hidden(): boolean;
}

const browserEnv = (): FrameEnv => ({
  requestAnimationFrame: (callback) => requestAnimationFrame(callback),
  cancelAnimationFrame: (id) => cancelAnimationFrame(id),
  now: () => performance.now(),
  hidden: () => document.visibilityState === 'hidden',
});

/** Calls `onLate(frameMs)` when frames run late; returns a function that stops watching. */
export function watchFrames(onLate: (frameMs: number) => void, options: FrameWatchOptions = {}, env: FrameEnv = browserEnv()): () => void {
  const { lateMs = 50, minGapMs = 250, ignoreOverMs = 1000 } = options;
  let previous: number | null = null;
  let worst = 0;
  let lastReport = -Infinity;
  let id = 0;
  let stopped = false;
  const frame = (time: number) => {
    if (stopped) return;
    const gap = previous === null ? 0 : time - previous;
    previous = env.hidden() ? null : time;
    if (previous !== null && gap >= lateMs && gap <= ignoreOverMs) worst = Math.max(worst, gap);
    const now = env.now();
    if (worst > 0 && now - lastReport >= minGapMs) {
      onLate(worst);
      worst = 0;
      lastReport = now;
    }
    id = env.requestAnimationFrame(frame);
  };
  id = env.requestAnimationFrame(frame);
  return () => {
    stopped = true;
    env.cancelAnimationFrame(id);
  };
}
