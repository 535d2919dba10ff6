import type { LMLoss } from './lmLoss';
import type { LossLogSink } from './lossLog/sinks';
import type { LossLogMeta } from './lossLog/format';
import { LOSS_LOG_FORMAT } from './lossLog/format';
import { HistoryDump } from './lossLog/historyDump';
import { emptyHistoryColumns } from './historyColumns';
import { LMHistory } from './lmHistory';
import { historyEntry, nonFiniteLosses, PendingValues, readBack, valueColumns, type ReadValue } from './readBack';
import type { FlushResult } from './managerTypes';

export interface LossRecorderOptions {
  readonly enableLogging: boolean;
  /** Values each history holds (1 without logging). */
  readonly capacity: number;
  readonly logSink: LossLogSink;
  readonly logMeta?: Partial<LossLogMeta>;
  readonly now: () => number;
  /** The manager's losses as they are when a flush runs (a spec can replace them in between). */
  readonly losses: () => ReadonlyMap<string, LMLoss>;
}

/**
 * What a LossManager (lossManager.ts) has recorded: the values still on the device, their
 * batched read-back into the histories, the derived series, and the dump of full histories
 * to the loss log.
 */
export class LossRecorder {
  /** Derived series (gradient norms, shares, cosines: seriesNames.ts) by name, in first-recorded order. */
  private readonly series = new Map<string, LMHistory>();
  /** The values recorded since the last flush, still on the device. */
  readonly pending: PendingValues;
  private readonly log: HistoryDump;
  private flushing: Promise<FlushResult> = Promise.resolve({ recorded: 0, nonFinite: [], columns: emptyHistoryColumns([], 0) });
  private readonly options: LossRecorderOptions;

  constructor(options: LossRecorderOptions) {
    this.options = options;
    this.pending = new PendingValues(options.now);
    this.log = new HistoryDump(options.logSink, { format: LOSS_LOG_FORMAT, ...options.logMeta });
  }

  /** Reads everything recorded back in one batch, after any flush still running. */
  flush(): Promise<FlushResult> {
    this.flushing = this.flushing.then(() => this.flushNow());
    return this.flushing;
  }

  private async flushNow(): Promise<FlushResult> {
    const values = await readBack(this.pending.take());
    for (const v of values) if (!v.loss && !this.series.has(v.name)) this.series.set(v.name, new LMHistory(this.options.capacity));
    const names = [...this.options.losses().keys(), ...this.series.keys()];
    for (const v of values) await this.record(v);
    return { recorded: values.length, nonFinite: nonFiniteLosses(values), columns: valueColumns(names, values) };
  }

  private async record(v: ReadValue): Promise<void> {
    const history = v.loss ? v.loss.history : this.series.get(v.name)!;
    if (!this.options.enableLogging) history.clear();
    else if (history.isFull) await this.dump(v.loss ? [v.loss] : [], v.loss ? [] : [v.name]);
    history.push(historyEntry(v));
  }

  /** Appends the histories of these losses and derived series to the log, then clears them. */
  async dump(losses: readonly LMLoss[], series: readonly string[] = [...this.series.keys()]): Promise<void> {
    await this.log.append([
      ...losses.map((loss) => [loss.name, loss.history] as const),
      ...series.map((name) => [name, this.series.get(name)!] as const),
    ]);
  }
}
