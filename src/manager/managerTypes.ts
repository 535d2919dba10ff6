// The LossManager's options and results: what a call, a registration and a flush take and give.
import type { Tensor } from '@tensorflow/tfjs-core';
import type { HistoryColumns } from './historyColumns';
import type { LossLogMeta } from './lossLog/format';
import type { LossLogSink } from './lossLog/sinks';
import type { NonFiniteLoss } from './readBack';
import type { Schedule } from './schedule';

export interface LossManagerOptions {
  /** Keep every value for the loss log; when false only the last value is kept. @default true */
  enableLogging?: boolean;
  /** Values held per loss before they are dumped to the log. @default 50000 */
  historyBufferSize?: number;
  /** Where histories are dumped. @default a MemoryLossLogSink */
  logSink?: LossLogSink;
  /** Wall clock in ms, for the history's times. @default performance.now */
  now?: () => number;
  /** Fields for the log's header (experiment, device, backend, spec), written with the first dump. */
  logMeta?: Partial<LossLogMeta>;
}

export interface RegisterOptions {
  /** @default 1 */
  lossWeight?: number;
  schedule?: Schedule | null;
  /** @default [] */
  tags?: readonly string[];
}

/** When a call happens, for schedules and the history. Defaults to the manager's clock (`setStep`). */
export interface CallTime {
  step?: number;
  epoch?: number;
  /**
   * Record the value and the loss map. False: only the weighted loss is returned (a gradient
   * diagnostic's extra pass over a loss already recorded in this update). @default true
   */
  record?: boolean;
  /**
   * An adaptive weight's factor for this call (VQGAN's lambda, a scalar on the device, no
   * gradient through it): the loss is multiplied by its weight and by it, and the recorded
   * weight is their product, read back with the value.
   */
  factor?: Tensor;
  /** Return the loss without its weight or factor, recording nothing (what an adaptive weight differentiates). Needs `record: false`. */
  unweighted?: boolean;
}

export interface FlushResult {
  /** How many values were read back and recorded. */
  readonly recorded: number;
  /** Values that were NaN or infinite (recorded as they are): training should stop. */
  readonly nonFinite: readonly NonFiniteLoss[];
  /** What was recorded, in call order. */
  readonly columns: HistoryColumns;
}
