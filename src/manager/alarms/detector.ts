// The alarms over a run's history: fed each read-back's columns in order (the worker's session
// and the CLI do so after every flush), it returns the alarms raised by them. Pure numbers, no
// tfjs; nothing here reads a tensor.
import type { HistoryColumns } from '../historyColumns';
import { networksIn } from '../networks';
import type { LossSpec } from '../specValidation';
import { DOverpoweringRule } from './dOverpowering';
import { LossExplodingRule } from './lossExploding';
import { MetricWorseningRule } from './metricWorsening';
import { ModeCollapseRule } from './modeCollapse';
import type { AlarmRule } from './rule';
import { resolveAlarmSettings, type AlarmSettings } from './settings';
import type { Alarm } from './types';
import { VanishingGradientRule } from './vanishingGradient';

/** GAN loss types: a G loss of one of them is G's adversarial term. */
const ADVERSARIAL_TYPES = new Set(['GANLoss', 'GANLossComps']);

/** G's adversarial losses in a spec (its GANLoss terms tagged G), or all of G's losses where it has none. */
export function gLossesOf(spec: Pick<LossSpec, 'losses'>): string[] {
  const g = spec.losses.filter((l) => networksIn(l.tags).includes('G'));
  const adversarial = g.filter((l) => ADVERSARIAL_TYPES.has(l.type));
  return (adversarial.length > 0 ? adversarial : g).map((l) => l.name);
}

export class AlarmDetector {
  private readonly dOverpowering: DOverpoweringRule;
  private readonly rules: readonly AlarmRule[];

  /**
   * @param settings the run's `alarms` setting (defaults for what it leaves out)
   * @param spec the run's objective: whose values are G's adversarial loss
   */
  constructor(settings: AlarmSettings | undefined, spec: Pick<LossSpec, 'losses'>) {
    const s = resolveAlarmSettings(settings);
    this.dOverpowering = new DOverpoweringRule(s.dOverpowering, gLossesOf(spec));
    this.rules = [this.dOverpowering, new ModeCollapseRule(s.modeCollapse), new VanishingGradientRule(s.vanishingGradient), new MetricWorseningRule(s.metricWorsening), new LossExplodingRule(s.lossExploding)];
  }

  /** The objective was replaced mid-run (setSpec). */
  setSpec(spec: Pick<LossSpec, 'losses'>): void {
    this.dOverpowering.setGLosses(gLossesOf(spec));
  }

  /**
   * Takes a read-back's values in their order; the alarms they raised, in order. A
   * non-finite value is skipped (the run stops on it anyway, naming the loss).
   */
  observe(columns: HistoryColumns): Alarm[] {
    const raised: Alarm[] = [];
    // Losses are judged unweighted (raw): a weight slider moved is not G's loss rising.
    const { names, loss, step, raw } = columns;
    for (let i = 0; i < loss.length; i++) {
      const value = raw[i]!;
      if (!Number.isFinite(value)) continue;
      const name = names[loss[i]!];
      if (name === undefined) continue;
      for (const rule of this.rules) {
        const alarm = rule.push(name, step[i]!, value);
        if (alarm) raised.push(alarm);
      }
    }
    return raised;
  }
}
