// An alarm: the run's history crossed a line worth a person's attention (D overpowering G, mode
// collapse, a vanishing generator gradient, a metric getting worse, a loss blowing up), raised once per episode at
// the step the condition was first met. Plain JSON: posted by the worker, kept in the run
// archive and in loss_log.json (LOSSMANAGER_LOG.alarms), printed by the CLI. No tfjs.

export const ALARM_KINDS = ['dOverpowering', 'modeCollapse', 'vanishingGradient', 'metricWorsening', 'lossExploding'] as const;
export type AlarmKind = (typeof ALARM_KINDS)[number];

export interface Alarm {
  readonly kind: AlarmKind;
  /** The step of the value that completed the condition. */
  readonly step: number;
  /**
   * The history series it is about (`dHealth/accuracy`, `G_GAN`, `metric/JS`, `grad/G`...): the
   * charts drawing any of them mark the step.
   */
  readonly series: readonly string[];
  /** What was seen, with its numbers, e.g. "D accuracy 0.99 over its last 100 updates; G_GAN up 35%". */
  readonly detail: string;
}

/**
 * An alarm as kept in a log or the archive: of any kind, since a file from a newer build may
 * hold one this build does not know (shown by its name).
 */
export type AlarmRecord = Omit<Alarm, 'kind'> & { readonly kind: string };

export const isAlarmKind = (kind: unknown): kind is AlarmKind => (ALARM_KINDS as readonly unknown[]).includes(kind);
