// What a TrainingSession streams to the page while it trains, each at its bounded rate: the
// values recorded since the last flush (and the alarms they raise), loss maps, checkpoints,
// sample pictures and progress. Every read-back goes through here, so no value is read back
// without reaching the page, and a NaN stops the run naming its loss.
import type { RunSettings, TrainingEvent } from '../protocol/messages';
import { readLossMaps } from './lossMaps';
import { recordMetricsIfDue } from './metrics/cadence';
import type { SamplePreview } from './samples';
import type { SessionCheckpoints } from './sessionCheckpoints';
import { nonFiniteStop, type SessionHistory } from './sessionHistory';
import { ProgressMeter } from './sessionProgress';
import type { GanNetworks, GanTrainer } from './trainer';

/** How often numbers and pictures go to the page. */
export const REPORT_INTERVALS_MS = { history: 100, lossMaps: 300, samples: 500, progress: 500 } as const;

/** The run being reported on, as the session holds it. */
export interface ReportTarget {
  readonly trainer: GanTrainer;
  readonly networks: GanNetworks | null;
  readonly settings: RunSettings | null;
  readonly preview: SamplePreview | null;
}

export interface ReporterParts {
  readonly post: (event: TrainingEvent) => void;
  readonly history: SessionHistory;
  readonly checkpoints: SessionCheckpoints;
  readonly now: () => number;
  /** A value was NaN or infinite: the run must stop (its 'stopped' event is posted here). */
  readonly onNonFinite: () => void;
}

export class SessionReporter {
  private lastReport = { history: 0, lossMaps: 0, samples: 0 };
  private readonly progress = new ProgressMeter(REPORT_INTERVALS_MS.progress);
  private readonly parts: ReporterParts;

  constructor(parts: ReporterParts) {
    this.parts = parts;
  }

  /**
   * Reads back every value recorded since the last flush and posts it (with the alarms it
   * raised); stops the run, naming the loss, when one is NaN or infinite. False when the run
   * was stopped.
   */
  async deliverHistory(run: ReportTarget): Promise<boolean> {
    const bad = await this.parts.history.deliver(run.trainer);
    if (!bad) return true;
    this.parts.onNonFinite();
    this.parts.post(nonFiniteStop(bad));
    return false;
  }

  /**
   * Saves a checkpoint of the run as it stands. The steps before it are delivered first (a
   * flush's values always reach the page), and a run whose values just became NaN is stopped
   * instead (see SessionCheckpoints.save for weights that are no longer finite). False when
   * nothing was saved.
   */
  async saveCheckpoint(run: ReportTarget, strict = false): Promise<boolean> {
    const { checkpoints } = this.parts;
    if (!checkpoints.enabled || !run.networks || !run.settings) throw new Error('checkpoints are not available here');
    if (!(await this.deliverHistory(run))) return false;
    const checkpoint = await checkpoints.save({ trainer: run.trainer, networks: run.networks, settings: run.settings }, strict);
    if (checkpoint) this.parts.post({ type: 'checkpointSaved', step: checkpoint.header.iteration });
    return checkpoint !== null;
  }

  /** Streams what is due; `force` sends everything now (pause, single steps). */
  async report(run: ReportTarget, force: boolean): Promise<void> {
    const { trainer } = run;
    const { post, checkpoints } = this.parts;
    const t = this.parts.now();
    if (run.settings && run.networks) await recordMetricsIfDue(trainer, run.settings, run.networks);
    if (force || t - this.lastReport.history >= REPORT_INTERVALS_MS.history) {
      this.lastReport.history = t;
      if (!(await this.deliverHistory(run))) return;
    }
    if (force || t - this.lastReport.lossMaps >= REPORT_INTERVALS_MS.lossMaps) {
      this.lastReport.lossMaps = t;
      const maps = await readLossMaps(trainer.manager.getLossTensors(), trainer.iteration);
      if (maps.length > 0) post({ type: 'lossMaps', maps });
    }
    if (!force && checkpoints.isDue(t)) {
      if (!(await this.saveCheckpoint(run))) return;
    }
    if (run.preview && (force || t - this.lastReport.samples >= REPORT_INTERVALS_MS.samples)) {
      this.lastReport.samples = t;
      post({ type: 'samples', samples: await run.preview.read(trainer.iteration, trainer.epoch) });
    }
    if (force || this.progress.isDue(t)) post(this.progress.event(trainer, t));
  }
}
