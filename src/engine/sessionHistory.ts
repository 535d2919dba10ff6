// What each read-back of a session's values becomes: the history event (a copy kept for the next
// checkpoint), the alarms those values raised (src/manager/alarms), and, for a NaN or infinite
// value, the event that stops the run naming the loss.
import { describeNonFinite, type HistoryColumns, type NonFiniteLoss } from '../manager';
import { AlarmDetector } from '../manager/alarms/detector';
import type { LossSpec } from '../manager/lossSpec';
import type { RunSettings, TrainingEvent } from '../protocol/messages';
import type { SessionCheckpoints } from './sessionCheckpoints';
import type { GanTrainer } from './trainer';

export class SessionHistory {
  private alarms: AlarmDetector | null = null;
  private readonly post: (event: TrainingEvent) => void;
  private readonly checkpoints: SessionCheckpoints;

  constructor(post: (event: TrainingEvent) => void, checkpoints: SessionCheckpoints) {
    this.post = post;
    this.checkpoints = checkpoints;
  }

  /** A run starts (or is rebuilt from a checkpoint): its alarms start afresh, with its settings. */
  start(settings: RunSettings): void {
    this.alarms = new AlarmDetector(settings.alarms, settings.spec);
  }

  /** The objective was replaced mid-run. */
  setSpec(spec: LossSpec): void {
    this.alarms?.setSpec(spec);
  }

  /**
   * Posts values (their buffers transferred: the alarms and, with `keep`, the next checkpoint's
   * copy are taken first), then the alarms they raised.
   */
  send(columns: HistoryColumns, keep = true): void {
    const raised = this.alarms?.observe(columns) ?? [];
    if (keep) this.checkpoints.posted(columns);
    this.post({ type: 'history', batch: columns });
    if (raised.length > 0) this.post({ type: 'alarms', alarms: raised });
  }

  /** Reads back every value recorded since the last flush and sends it; the first non-finite value, or null. */
  async deliver(trainer: GanTrainer): Promise<NonFiniteLoss | null> {
    const result = await trainer.flush();
    if (result.recorded > 0) this.send(result.columns);
    return result.nonFinite[0] ?? null;
  }
}

/** The event that stops a run on a NaN or infinite value. */
export function nonFiniteStop(bad: NonFiniteLoss): TrainingEvent {
  return {
    type: 'stopped',
    step: bad.step,
    reason: 'nonFinite',
    message: `${describeNonFinite(bad)} at step ${bad.step}; training stopped (everything recorded so far is kept). Lower its weight or the learning rate, then start again.`,
  };
}
