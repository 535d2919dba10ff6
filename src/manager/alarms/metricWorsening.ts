// A quality metric getting worse: a least-squares line through its last `points` measurements
// worsens from the first to the last by more than `tolerance` x its starting value's size, and by
// more than twice the standard error of that change, so measurement noise alone rarely raises it.
// Cleared once the line over the last `points` no longer worsens. Mode coverage and class entropy
// have their own alarm (mode collapse).
import { parseSeriesName } from '../seriesNames';
import { fmt, percent, type AlarmRule } from './rule';
import type { ResolvedAlarmSettings } from './settings';
import type { Alarm } from './types';
import { RollingWindow, trend } from './windows';

/** Which way each metric improves (src/engine/metrics); a metric not listed raises no alarm. */
export const METRIC_DIRECTION: ReadonlyMap<string, 'lower' | 'higher'> = new Map([
  ['JS', 'lower'],
  ['KL', 'lower'],
  ['KID', 'lower'],
  ['FID', 'lower'],
  ['L1', 'lower'],
  ['offMode', 'lower'],
  ['PSNR', 'higher'],
  ['SSIM', 'higher'],
]);
/** Trend changes at least this many standard errors: noise alone passes about 2-5% of windows. */
const SIGNIFICANCE = 2;

interface Track {
  readonly steps: RollingWindow;
  readonly values: RollingWindow;
  readonly sign: 1 | -1;
  active: boolean;
}

export class MetricWorseningRule implements AlarmRule {
  private readonly settings: ResolvedAlarmSettings['metricWorsening'];
  private readonly tracks = new Map<string, Track>();

  constructor(settings: ResolvedAlarmSettings['metricWorsening']) {
    this.settings = settings;
  }

  private track(name: string): Track | null {
    const known = this.tracks.get(name);
    if (known) return known;
    const s = parseSeriesName(name);
    const direction = s.kind === 'metric' ? METRIC_DIRECTION.get(s.metric) : undefined;
    if (!direction) return null;
    const n = this.settings.points;
    const created: Track = { steps: new RollingWindow(n), values: new RollingWindow(n), sign: direction === 'lower' ? 1 : -1, active: false };
    this.tracks.set(name, created);
    return created;
  }

  push(name: string, step: number, value: number): Alarm | null {
    const t = this.track(name);
    if (!t) return null;
    t.steps.push(step);
    t.values.push(value);
    if (!this.settings.enabled || !t.values.full) return null;
    const steps = t.steps.toArray();
    const line = trend(steps, t.values.toArray());
    if (!line) return null;
    // Positive: worse, whichever way the metric improves.
    const worse = t.sign * (line.end - line.start);
    if (t.active) {
      if (worse <= 0) t.active = false;
      return null;
    }
    const size = Math.abs(line.start);
    if (!(worse > this.settings.tolerance * size && worse > SIGNIFICANCE * line.changeError)) return null;
    t.active = true;
    const metric = name.slice('metric/'.length);
    const verb = t.sign === 1 ? 'rose' : 'fell';
    const relative = size > 0 ? ` (${percent(worse / size)} worse)` : '';
    return {
      kind: 'metricWorsening',
      step,
      series: [name],
      detail: `${metric} ${verb} from ${fmt(line.start)} to ${fmt(line.end)} on the trend line of its last ${steps.length} measurements (steps ${steps[0]}-${steps[steps.length - 1]})${relative}; ${t.sign === 1 ? 'lower' : 'higher'} is better.`,
    };
  }
}
