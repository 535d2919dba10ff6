// D overpowering G: D's accuracy, averaged over its last `window` updates, at least `accuracy`,
// while G's adversarial loss, averaged over its last `window` values, is above its average over
// the `window` before by more than `gLossRise` of that average's size. Cleared once D's mean
// accuracy falls below `clearAccuracy`.
import { dHealthName } from '../seriesNames';
import { fmt, percent, type AlarmRule } from './rule';
import type { ResolvedAlarmSettings } from './settings';
import type { Alarm } from './types';
import { RollingWindow } from './windows';

const ACCURACY = dHealthName('accuracy');
/** The smallest loss size a rise is measured against (a loss averaging 0 would make any rise infinite). */
const LOSS_FLOOR = 1e-6;

export class DOverpoweringRule implements AlarmRule {
  private readonly settings: ResolvedAlarmSettings['dOverpowering'];
  private readonly accuracy: RollingWindow;
  private readonly recent: RollingWindow;
  private readonly older: RollingWindow;
  private gLosses: ReadonlySet<string>;
  private active = false;

  /** @param gLosses the losses whose values are G's adversarial loss (see gLossesOf) */
  constructor(settings: ResolvedAlarmSettings['dOverpowering'], gLosses: readonly string[]) {
    this.settings = settings;
    this.accuracy = new RollingWindow(settings.window);
    this.recent = new RollingWindow(settings.window);
    this.older = new RollingWindow(settings.window);
    this.gLosses = new Set(gLosses);
  }

  /** The objective changed (a new spec): G's loss is now these losses'. */
  setGLosses(names: readonly string[]): void {
    this.gLosses = new Set(names);
  }

  push(name: string, step: number, value: number): Alarm | null {
    if (name === ACCURACY) this.accuracy.push(value);
    else if (this.gLosses.has(name)) {
      const out = this.recent.push(value);
      if (out !== undefined) this.older.push(out);
    } else return null;
    if (!this.settings.enabled || !this.accuracy.full) return null;
    const accuracy = this.accuracy.mean;
    if (this.active) {
      if (accuracy < this.settings.clearAccuracy) this.active = false;
      return null;
    }
    if (!(accuracy >= this.settings.accuracy) || !this.older.full) return null;
    const before = this.older.mean;
    const now = this.recent.mean;
    const size = Math.max(Math.abs(before), LOSS_FLOOR);
    if (!(now - before > this.settings.gLossRise * size)) return null;
    this.active = true;
    const n = this.settings.window;
    const losses = [...this.gLosses];
    return {
      kind: 'dOverpowering',
      step,
      series: [ACCURACY, ...losses],
      detail:
        `D's accuracy averaged ${fmt(accuracy)} over its last ${n} updates (alarm at ${fmt(this.settings.accuracy)}); ` +
        `G's adversarial loss (${losses.join(', ')}; unweighted) averaged ${fmt(now)} over its last ${n} values, up ${percent((now - before) / size)} from ${fmt(before)} over the ${n} before.`,
    };
  }
}
