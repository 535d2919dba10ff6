import type { Tensor } from '@tensorflow/tfjs-core';
import type { LossModule } from '../losses';
import type { AdaptiveWeight } from './adaptiveWeight';
import { LMHistory } from './lmHistory';
import { scheduleValue, type Schedule } from './schedule';

/** NectarGAN's two-input loss: any function of (x, y) returning a loss tensor. */
export type XYLossFn = (x: Tensor, y: Tensor) => Tensor;

/** What an LMLoss computes: a loss module (built from a config, possibly with data_info) or an (x, y) function. */
export type LossFunction = LossModule | XYLossFn;

export interface LMLossInit {
  readonly name: string;
  readonly fn: LossFunction;
  /** Lambda: multiplies the loss, unless a schedule sets the weight. @default 1 */
  readonly lossWeight?: number;
  /** A weight schedule; without one, `lossWeight` holds for the whole run. */
  readonly schedule?: Schedule | null;
  /** Tags for queries, e.g. 'G' and 'D' for the network a loss trains. @default [] */
  readonly tags?: readonly string[];
  /** VQGAN's adaptive weight: each update's lambda multiplies the weight (the trainer computes it). @default null */
  readonly adaptive?: AdaptiveWeight | null;
}

export function isLossModule(fn: LossFunction): fn is LossModule {
  return typeof fn === 'object' && fn !== null && typeof (fn as LossModule).forwardOutputsWithMap === 'function';
}

/**
 * A loss registered with the LossManager (NectarGAN's LMLoss). Each owns its schedule and
 * its tag list: NectarGAN shares one default Schedule object between losses, so setting
 * one loss's schedule could change another's.
 */
export class LMLoss {
  readonly name: string;
  readonly fn: LossFunction;
  lossWeight: number;
  schedule: Schedule | null;
  /** The last call's per-element loss, batch-averaged (a scalar for losses without a map). Owned by the manager. */
  lastLossMap: Tensor | null = null;
  history: LMHistory;
  readonly tags: string[];
  readonly adaptive: AdaptiveWeight | null;

  constructor(init: LMLossInit, historyCapacity?: number) {
    this.name = init.name;
    this.fn = init.fn;
    this.lossWeight = init.lossWeight ?? 1;
    this.schedule = init.schedule ? structuredClone(init.schedule) : null;
    this.tags = [...(init.tags ?? [])];
    this.adaptive = init.adaptive ?? null;
    this.history = new LMHistory(historyCapacity);
  }

  /** The weight the next call applies, at this step and epoch. */
  weightAt(step: number, epoch: number): number {
    if (this.schedule === null) return this.lossWeight;
    return scheduleValue(this.schedule, this.schedule.unit === 'epoch' ? epoch : step);
  }

  /** True when the loss has any of the tags (a null query matches every loss). */
  matches(query: readonly string[] | null | undefined): boolean {
    return query == null || query.some((tag) => this.tags.includes(tag));
  }
}
