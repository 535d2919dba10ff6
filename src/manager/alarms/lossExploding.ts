// A loss blowing up: the median |value| of a loss's last `window` values is above both
// `absolute` and `factor` x the median |value| of its first `baseline` values. A run whose
// critic's weights ran off to ~1e29 under a log loss trains on with finite, meaningless
// losses (the NaN stop never comes: log loss is linear in the logit far out), so this is the
// line that tells the person. Judged per loss, on its unweighted values; cleared once that
// median is back under a tenth of the line.
import { parseSeriesName } from '../seriesNames';
import { fmt, type AlarmRule } from './rule';
import type { ResolvedAlarmSettings } from './settings';
import type { Alarm } from './types';
import { median, RollingWindow } from './windows';

/** Cleared below the line divided by this. */
export const EXPLODING_CLEAR_FACTOR = 10;

interface LossWatch {
  readonly early: number[];
  readonly recent: RollingWindow;
  active: boolean;
  /** The raise line, fixed once the early values are in (null before). */
  line: number | null;
  /** Values in `recent` above the line, and under a tenth of it. */
  above: number;
  under: number;
}

export class LossExplodingRule implements AlarmRule {
  private readonly settings: ResolvedAlarmSettings['lossExploding'];
  /** By loss name: a Map, since a loss may be called `__proto__`. */
  private readonly watches = new Map<string, LossWatch>();

  constructor(settings: ResolvedAlarmSettings['lossExploding']) {
    this.settings = settings;
  }

  private watchOf(name: string): LossWatch {
    let watch = this.watches.get(name);
    if (!watch) {
      watch = { early: [], recent: new RollingWindow(this.settings.window), active: false, line: null, above: 0, under: 0 };
      this.watches.set(name, watch);
    }
    return watch;
  }

  push(name: string, step: number, value: number): Alarm | null {
    if (!this.settings.enabled || parseSeriesName(name).kind !== 'loss') return null;
    const { baseline, window, factor, absolute } = this.settings;
    const watch = this.watchOf(name);
    const size = Math.abs(value);
    if (watch.early.length < baseline) watch.early.push(size);
    const out = watch.recent.push(size);
    if (watch.line === null) {
      if (watch.early.length < baseline) return null;
      watch.line = Math.max(absolute, factor * median(watch.early));
      for (const v of watch.recent.toArray()) count(watch, v, 1);
    } else {
      count(watch, size, 1);
      if (out !== undefined) count(watch, out, -1);
    }
    if (!watch.recent.full) return null;
    const line = watch.line;
    // A median past a line needs at least half the window past it: only then is it worth
    // sorting (a window may hold 100,000 values, and every loss is fed every step).
    if (watch.active) {
      if (2 * watch.under >= window && median(watch.recent.toArray()) < line / EXPLODING_CLEAR_FACTOR) watch.active = false;
      return null;
    }
    if (2 * watch.above < window) return null;
    const now = median(watch.recent.toArray());
    if (!(now > line)) return null;
    const early = median(watch.early);
    watch.active = true;
    const why = factor * early >= absolute ? `${fmt(factor)}x its early median ${fmt(early)} (first ${baseline} values)` : `the floor ${fmt(absolute)} (its early median: ${fmt(early)})`;
    return {
      kind: 'lossExploding',
      step,
      series: [name],
      detail: `${name}'s size (median |value| of its last ${window}) is ${fmt(now)}, above ${why}.`,
    };
  }
}

/** Adds (+1) or removes (-1) a value of the window from its counts against the watch's line. */
function count(watch: LossWatch, size: number, by: 1 | -1): void {
  const line = watch.line!;
  if (size > line) watch.above += by;
  if (size < line / EXPLODING_CLEAR_FACTOR) watch.under += by;
}
