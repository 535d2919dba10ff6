// How much the training loop rests, driven by the page: the page says when its frames run late
// ('pageLate'), and the worker then gives up a share of its time, rising with each late report
// and falling back to nothing once the page keeps up. A worker that never idles can starve the
// page's main thread, compositor and GPU process on a machine with few cores (frames of 50-90 ms
// were measured on 2); a fixed rest paid for that on every machine and at every moment, and
// this pays only while the page actually runs late. No tf here: it is plain arithmetic on times.

export interface AdaptivePaceOptions {
  /** Training between two rests, in ms (a rest's length is a share of it). @default 40 */
  readonly busyMs?: number;
  /** Each late report adds this share of time to rest. @default 0.1 */
  readonly step?: number;
  /**
   * The most the worker rests: this share of its time. The late frames may be another process's
   * doing, which no rest of ours mends, so the worst case is the fixed rest this replaced (10 ms
   * after every 40, which kept the page's 8 s windows free of long tasks on 2 cores). @default 0.2
   */
  readonly maxShare?: number;
  /** After the last late report, the share holds this long... @default 1000 */
  readonly holdMs?: number;
  /** ...then falls to nothing over this long. @default 2000 */
  readonly decayMs?: number;
}

/** The session's side: how long to rest before the next step, and the page's late frames. */
export interface PaceControl {
  /** Milliseconds to rest now, before the next step (0: train on). */
  restDue(now: number): number;
  /** The page drew a frame `frameMs` after the one before it (over its budget). */
  late(frameMs: number, now: number): void;
}

export class AdaptivePace implements PaceControl {
  private readonly busyMs: number;
  private readonly step: number;
  private readonly maxShare: number;
  private readonly holdMs: number;
  private readonly decayMs: number;
  /** The share as of the last late report, at `lateAt`. */
  private peak = 0;
  private lateAt = -Infinity;
  private busySince: number | null = null;

  constructor({ busyMs = 40, step = 0.1, maxShare = 0.2, holdMs = 1000, decayMs = 2000 }: AdaptivePaceOptions = {}) {
    if (!(busyMs > 0) || !(step > 0) || !(maxShare > 0 && maxShare < 1) || !(holdMs >= 0) || !(decayMs > 0)) {
      throw new Error(`pace options out of range: busyMs ${busyMs}, step ${step}, maxShare ${maxShare} (0-1), holdMs ${holdMs}, decayMs ${decayMs}`);
    }
    this.busyMs = busyMs;
    this.step = step;
    this.maxShare = maxShare;
    this.holdMs = holdMs;
    this.decayMs = decayMs;
  }

  /** The share of time to rest at `now`: held after a late report, then falling linearly to 0. */
  share(now: number): number {
    const since = now - this.lateAt - this.holdMs;
    if (this.peak === 0 || since <= 0) return this.peak;
    return Math.max(0, this.peak * (1 - since / this.decayMs));
  }

  late(frameMs: number, now: number): void {
    if (!(frameMs > 0) || !Number.isFinite(frameMs) || !Number.isFinite(now)) {
      throw new Error(`a late frame needs a positive number of milliseconds, got ${frameMs}`);
    }
    const before = this.share(now);
    this.peak = Math.min(this.maxShare, before + this.step);
    this.lateAt = now;
    // The page is late now: the first rest comes before the next step, not a busy span later.
    if (before === 0) this.busySince = now - this.busyMs;
  }

  restDue(now: number): number {
    const share = this.share(now);
    if (share === 0) {
      // Flat out: the next rest, if one comes, follows a full busy span from here.
      this.busySince = now;
      return 0;
    }
    this.busySince ??= now;
    if (now - this.busySince < this.busyMs) return 0;
    // busy : rest = (1 - share) : share
    const rest = (this.busyMs * share) / (1 - share);
    this.busySince = now + rest;
    return rest;
  }
}
