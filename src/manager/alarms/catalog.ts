// What each alarm means and what to try: the alarms list on the page and the CLI's line say it.
// Static per kind; what was seen (the numbers) is each alarm's own `detail`.
import { isAlarmKind, type AlarmKind } from './types';

export interface AlarmText {
  readonly title: string;
  readonly meaning: string;
  readonly suggestion: string;
}

export const ALARM_TEXT: Readonly<Record<AlarmKind, AlarmText>> = {
  dOverpowering: {
    title: 'D overpowering G',
    meaning:
      "The discriminator tells real from generated almost every time while G's adversarial loss climbs: where D is sure, a log loss's gradient to G saturates, so G learns less and less.",
    suggestion:
      "Lower D's learning rate or dSteps (or raise gSteps); add a gradient penalty or R1 to D; use a non-saturating or least-squares G loss; give D fewer units.",
  },
  modeCollapse: {
    title: 'Mode collapse',
    meaning:
      "G covers fewer of the target's modes (toy: modeCoverage) or makes fewer kinds of digit (class entropy) than it did at its best: it has found a few outputs that fool D and keeps to them.",
    suggestion:
      "Lower G's learning rate; try WGAN-GP or hinge + R1; train D more per G step; resume from a checkpoint before the drop.",
  },
  vanishingGradient: {
    title: 'Vanishing generator gradient',
    meaning:
      "G's update gradient (grad/G) has fallen far below where it started: G barely changes. Usually D is saturated under a log loss, or one loss's weight drowns the rest; the per-loss norms say which loss stopped pulling.",
    suggestion:
      "Use the non-saturating G loss (GANLoss vanilla with target_is_real) or lsgan / wgan; lower D's learning rate; check the gradient share chart and raise the weight of the loss that fell silent.",
  },
  metricWorsening: {
    title: 'Quality getting worse',
    meaning:
      'A quality metric has worsened over its last measurements (a trend, not one noisy value): the samples drift away from the target even where the losses look steady.',
    suggestion:
      'Undo the last weight or learning-rate change (the charts mark when); lower the learning rates; compare with an earlier checkpoint.',
  },
  lossExploding: {
    title: 'Loss blowing up',
    meaning:
      "A loss has grown by orders of magnitude over where it started: the weights behind it are running away (a learning rate or weight far too high). Under a log loss the values can stay finite at 1e20 and beyond, so the run is not stopped for NaN, but nothing it learns now means anything.",
    suggestion:
      'Stop and start again with a lower learning rate or a lower weight on that loss (or resume from a checkpoint before the climb); a gradient penalty or spectral norm keeps a critic bounded.',
  },
};

/** The text of a kind; a kind this build does not know (a log from a newer one) gets its name. */
export function alarmText(kind: string): AlarmText {
  return isAlarmKind(kind) ? ALARM_TEXT[kind] : { title: kind, meaning: '', suggestion: '' };
}

/** One line for a log or a terminal: "step 1200: D overpowering G: <detail>". */
export function alarmLine(alarm: { readonly kind: string; readonly step: number; readonly detail: string }): string {
  return `step ${alarm.step}: ${alarmText(alarm.kind).title}: ${alarm.detail}`;
}
