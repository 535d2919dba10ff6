// How much the training loop rests, driven by the page: the page says when its frames run late
// ('pageLate'), and the worker then gives up a share of its time, rising with each late report
// and falling back to nothing once the page keeps up. A worker that never idles can starve the
// page's main thread, compositor and GPU process on a machine with few cores (frames of 50-90 ms
// were measured on 2). But late frames are often not the worker's doing (the page's own drawing,
// other processes): on a 2-core machine they came as often with a 10-20% rest as without it, and
// the rest cost 5-10% of the rate. So a rest begins only at the second late report within
// `trialMs`, and is a trial: while it lasts, late reports are counted in windows of `trialMs`,
// and as many in a window as in the window before the rest began end it; the pace then stays off
// for `benchMs` (doubling after each rest that did not help, up to `maxBenchMs`) and trains flat
// out. No tf here: it is plain arithmetic on times.

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
  /** A rest is judged by the late reports in each window this long, against the one before it began. @default 2000 */
  readonly trialMs?: number;
  /** After a rest that did not help, no rest for this long, doubling after each such rest... @default 10000 */
  readonly benchMs?: number;
  /** ...up to this long. @default 120000 */
  readonly maxBenchMs?: number;
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
  private readonly trialMs: number;
  private readonly firstBenchMs: number;
  private readonly maxBenchMs: number;
  /** Late reports of the last `trialMs`, oldest first (only while no trial runs). */
  private recent: number[] = [];
  /** The trial window under way while resting: its start, the reports the window before the rest held, and its own. */
  private trial: { from: number; before: number; during: number } | null = null;
  /** No rest before this time (a trial failed); the next failure benches for `nextBenchMs`. */
  private benchedUntil = -Infinity;
  private nextBenchMs: number;

  constructor({ busyMs = 40, step = 0.1, maxShare = 0.2, holdMs = 1000, decayMs = 2000, trialMs = 2000, benchMs = 10_000, maxBenchMs = 120_000 }: AdaptivePaceOptions = {}) {
    if (!(busyMs > 0) || !(step > 0) || !(maxShare > 0 && maxShare < 1) || !(holdMs >= 0) || !(decayMs > 0) || !(trialMs > 0) || !(benchMs >= 0) || !(maxBenchMs >= benchMs)) {
      throw new Error(
        `pace options out of range: busyMs ${busyMs}, step ${step}, maxShare ${maxShare} (0-1), holdMs ${holdMs}, decayMs ${decayMs}, trialMs ${trialMs}, benchMs ${benchMs}, maxBenchMs ${maxBenchMs} (>= benchMs)`,
      );
    }
    this.busyMs = busyMs;
    this.step = step;
    this.maxShare = maxShare;
    this.holdMs = holdMs;
    this.decayMs = decayMs;
    this.trialMs = trialMs;
    this.firstBenchMs = benchMs;
    this.nextBenchMs = benchMs;
    this.maxBenchMs = maxBenchMs;
  }

  /** Whether a rest was judged useless and the pace trains flat out until then. */
  benched(now: number): boolean {
    this.judge(now);
    return now < this.benchedUntil;
  }

  /** The share of time to rest at `now`: held after a late report, then falling linearly to 0. */
  share(now: number): number {
    this.judge(now);
    return this.heldShare(now);
  }

  /**
   * Judges the rest under way at `now`: as many late reports in a window as in the window before
   * the rest began ends it and benches the pace; a window that closes with fewer keeps it (the
   * next window is judged the same way); a rest that runs out ends its trial.
   */
  private judge(now: number): void {
    while (this.trial) {
      const end = this.trial.from + this.trialMs;
      if (this.trial.during >= this.trial.before) {
        this.peak = 0;
        this.trial = null;
        this.benchedUntil = now + this.nextBenchMs;
        this.nextBenchMs = Math.min(this.maxBenchMs, 2 * this.nextBenchMs);
      } else if (this.heldShare(Math.min(now, end)) === 0) {
        // The page kept up while resting, and the rest has run out: the next late frame starts a new trial.
        this.trial = null;
        this.nextBenchMs = this.firstBenchMs;
      } else if (now > end) this.trial = { ...this.trial, from: end, during: 0 };
      else return;
    }
  }

  private heldShare(now: number): number {
    const since = now - this.lateAt - this.holdMs;
    if (this.peak === 0 || since <= 0) return this.peak;
    return Math.max(0, this.peak * (1 - since / this.decayMs));
  }

  late(frameMs: number, now: number): void {
    if (!(frameMs > 0) || !Number.isFinite(frameMs) || !Number.isFinite(now)) {
      throw new Error(`a late frame needs a positive number of milliseconds, got ${frameMs}`);
    }
    this.judge(now);
    if (this.trial) {
      this.trial.during++;
      this.judge(now);
    } else {
      this.recent = this.recent.filter((t) => t > now - this.trialMs);
      this.recent.push(now);
    }
    // A lone late frame is no pattern to mend: a rest begins at the second within `trialMs`.
    if (now < this.benchedUntil || (!this.trial && this.recent.length < 2)) return;
    this.peak = Math.min(this.maxShare, this.heldShare(now) + this.step);
    this.lateAt = now;
    if (!this.trial) {
      // The rest begins, judged against the late reports of the window before it (this one included).
      this.trial = { from: now, before: this.recent.length, during: 0 };
      this.recent = [];
      // The page is late now: the first rest comes before the next step, not a busy span later.
      this.busySince = now - this.busyMs;
    }
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
