// Which preview frames a run keeps: a bounded set spread over the whole run, so its first
// steps and its latest both stay (TensorBoard's image slider keeps a reservoir; we keep a
// deterministic spread instead, so a reload shows the same frames). Pure functions, no DOM.
import type { SamplesMessage } from '../protocol/messages';

/** Most frames a run keeps. */
export const MAX_FRAMES = 64;

/**
 * Most bytes a run's frames take (typed arrays as stored): with bigger frames a run keeps
 * fewer (frameCapacity), so a run's frames never pass this. A toy frame is ~30 KB (64 fit in
 * ~2 MB), a DCGAN grid ~50 KB, a 64-pixel pix2pix preview ~200 KB (40 fit).
 */
export const FRAME_BUDGET_BYTES = 8 * 1024 * 1024;

/** Least frames kept whatever their size: the first and the newest. */
export const MIN_FRAMES = 2;

/**
 * How many frames of `bytes` each a run keeps: as many as the budget holds, from MIN_FRAMES
 * to MAX_FRAMES. 0 for a frame over half the budget (two of them would not fit): not kept.
 */
export function frameCapacity(bytes: number, budget = FRAME_BUDGET_BYTES, max = MAX_FRAMES): number {
  if (!(bytes > 0)) return max;
  if (bytes * MIN_FRAMES > budget) return 0;
  return Math.min(max, Math.floor(budget / bytes));
}

/** A frame's size as stored: its typed arrays, plus a little for the rest. */
export function frameBytes(s: SamplesMessage): number {
  const overhead = 512;
  if (s.kind === 'images') return overhead + s.rgba.byteLength;
  let bytes = overhead + s.real.byteLength + s.fake.byteLength + s.discriminator.byteLength;
  bytes += s.totalPull?.byteLength ?? 0;
  bytes += s.manifold?.points.byteLength ?? 0;
  for (const p of s.pulls ?? []) bytes += 256 + (p.arrows?.byteLength ?? 0);
  return bytes;
}

/**
 * At most `capacity` of `frames` (ascending steps): the newest quarter kept as they are (what
 * is happening now, densely), the older ones one per step bucket, the buckets the smallest
 * power of two wide that leaves few enough (so they spread evenly from the first step on, and
 * a later call thins the same way: deterministic). The first frame and the newest always stay.
 */
export function thinFrames<T extends { readonly step: number }>(frames: readonly T[], capacity: number): T[] {
  const cap = Math.max(MIN_FRAMES, Math.floor(capacity));
  if (frames.length <= cap) return [...frames];
  const recent = Math.max(1, Math.floor(cap / 4));
  const older = frames.slice(0, frames.length - recent);
  const room = cap - recent;
  let kept = older;
  // Doubling the width at least halves the buckets: ~50 rounds reach one bucket for any step.
  for (let width = 1; kept.length > room; width *= 2) {
    kept = [];
    let last = NaN;
    for (const frame of older) {
      const bucket = Math.floor(frame.step / width);
      if (bucket === last) continue;
      kept.push(frame);
      last = bucket;
    }
    // Steps that do not bucket (NaN, or one bucket left and still too many): keep the first.
    if (width > Number.MAX_SAFE_INTEGER) kept = older.slice(0, room);
  }
  return [...kept, ...frames.slice(frames.length - recent)];
}

/**
 * The frames after `frame` arrives: those from its step on are dropped first (a run resumed
 * from an earlier checkpoint redoes them), then it is appended and the whole thinned to what
 * the budget holds for the biggest frame kept.
 */
export function pushFrame(frames: readonly SamplesMessage[], frame: SamplesMessage, budget = FRAME_BUDGET_BYTES): SamplesMessage[] {
  const before = frames.filter((f) => f.step < frame.step);
  const next = [...before, frame];
  const biggest = next.reduce((max, f) => Math.max(max, frameBytes(f)), 0);
  const capacity = frameCapacity(biggest, budget);
  if (capacity === 0) return before.length === frames.length ? [...frames] : before;
  return thinFrames(next, capacity);
}

/** The index of the frame whose step is nearest `step` (the earlier on a tie); -1 when there are none. */
export function nearestFrame(frames: readonly { readonly step: number }[], step: number): number {
  if (frames.length === 0) return -1;
  let lo = 0;
  let hi = frames.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((frames[mid] as { step: number }).step < step) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && step - frames[lo - 1]!.step <= frames[lo]!.step - step) return lo - 1;
  return lo;
}
