// A vanishing generator gradient: the median of G's last `window` whole-update gradient norms
// (grad/G, recorded with gradient diagnostics on) below max(absolute, ratio x the median of its
// first `baseline` norms). Cleared once that median is back above twice the threshold. The
// alarm names each G loss's latest norm (grad/G/<loss>): the loss that fell silent.
import { gradNormName, parseSeriesName } from '../seriesNames';
import { fmt, type AlarmRule } from './rule';
import type { ResolvedAlarmSettings } from './settings';
import type { Alarm } from './types';
import { median, RollingWindow } from './windows';

const TOTAL = gradNormName('G');
/** Cleared above this multiple of the threshold. */
export const VANISHING_CLEAR_FACTOR = 2;

export class VanishingGradientRule implements AlarmRule {
  private readonly settings: ResolvedAlarmSettings['vanishingGradient'];
  private readonly early: number[] = [];
  private readonly recent: RollingWindow;
  /** Each G loss's latest norm, by its series name. */
  private readonly perLoss = new Map<string, number>();
  private active = false;

  constructor(settings: ResolvedAlarmSettings['vanishingGradient']) {
    this.settings = settings;
    this.recent = new RollingWindow(settings.window);
  }

  /** The norm below which the alarm is raised: the early median's share once there is one, and the absolute floor. */
  private threshold(): number {
    const { ratio, absolute, baseline } = this.settings;
    return this.early.length < baseline ? absolute : Math.max(absolute, ratio * median(this.early));
  }

  push(name: string, step: number, value: number): Alarm | null {
    if (name !== TOTAL) {
      const s = parseSeriesName(name);
      if (s.kind === 'grad' && s.network === 'G' && s.loss !== null) this.perLoss.set(name, value);
      return null;
    }
    if (this.early.length < this.settings.baseline) this.early.push(value);
    this.recent.push(value);
    if (!this.settings.enabled || !this.recent.full) return null;
    const now = median(this.recent.toArray());
    const threshold = this.threshold();
    if (this.active) {
      if (now > VANISHING_CLEAR_FACTOR * threshold) this.active = false;
      return null;
    }
    if (!(now < threshold)) return null;
    this.active = true;
    const { window, baseline, ratio, absolute } = this.settings;
    const early = this.early.length < baseline ? null : median(this.early);
    const why = early !== null && ratio * early >= absolute ? `${fmt(ratio * 100)}% of its early median ${fmt(early)} (first ${baseline} measurements)` : `the floor ${fmt(absolute)}`;
    const losses = [...this.perLoss].map(([n, v]) => `${n.slice(TOTAL.length + 1)} ${fmt(v)}`);
    return {
      kind: 'vanishingGradient',
      step,
      series: [TOTAL, ...this.perLoss.keys()],
      detail: `G's gradient norm (median of its last ${window} measurements) is ${fmt(now)}, below ${why}.${losses.length > 0 ? ` Latest per loss: ${losses.join(', ')}.` : ''}`,
    };
  }
}
