// Mode collapse: the toy's mode coverage or the digits' class entropy at most (1 - drop) x its
// best so far for `points` measurements in a row, once that best was high enough. Cleared once it is back above
// (1 - drop / 2) x best, halfway: a value wavering at the line does not raise it again and again.
import { metricName } from '../seriesNames';
import { fmt, percent, type AlarmRule } from './rule';
import type { ResolvedAlarmSettings } from './settings';
import type { Alarm } from './types';

/**
 * The measures of how many kinds of output G makes (higher: more; src/engine/metrics), each with
 * the best it must have reached before a fall counts as a collapse: early in a run, coverage
 * flickers between 0 and 1/8 while G finds its first mode, and that is no collapse. Coverage:
 * half the modes. Class entropy: 1 (about 2.7 equally likely digits in nats, 2 in bits).
 */
export const DIVERSITY_METRICS: ReadonlyMap<string, { readonly minBest: number }> = new Map([
  ['modeCoverage', { minBest: 0.5 }],
  ['classEntropy', { minBest: 1 }],
]);

interface Track {
  readonly minBest: number;
  best: number;
  bestStep: number;
  low: number;
  active: boolean;
}

export class ModeCollapseRule implements AlarmRule {
  private readonly settings: ResolvedAlarmSettings['modeCollapse'];
  private readonly tracks = new Map<string, Track>(
    [...DIVERSITY_METRICS].map(([m, { minBest }]) => [metricName(m), { minBest, best: -Infinity, bestStep: 0, low: 0, active: false }]),
  );

  constructor(settings: ResolvedAlarmSettings['modeCollapse']) {
    this.settings = settings;
  }

  push(name: string, step: number, value: number): Alarm | null {
    const t = this.tracks.get(name);
    if (!t) return null;
    if (value > t.best) {
      t.best = value;
      t.bestStep = step;
    }
    const { drop, points, enabled } = this.settings;
    if (t.active) {
      if (value > (1 - drop / 2) * t.best) {
        t.active = false;
        t.low = 0;
      }
      return null;
    }
    t.low = t.best >= t.minBest && value <= (1 - drop) * t.best ? t.low + 1 : 0;
    if (!enabled || t.low < points) return null;
    t.active = true;
    const metric = name.slice('metric/'.length);
    const run = points === 1 ? '' : ` for ${points} measurements in a row`;
    return {
      kind: 'modeCollapse',
      step,
      series: [name],
      detail: `${metric} fell to ${fmt(value)}, ${percent(value / t.best)} of its best ${fmt(t.best)} (step ${t.bestStep})${run}; the alarm is at ${percent(1 - drop)}.`,
    };
  }
}
