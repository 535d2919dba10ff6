// MMagic's EMA generator: a shadow copy of G's weights, a moving average the preview and the
// metrics can use instead of G. Followed to the letter (mmagic/models/base_models/
// average_model.py's ExponentialMovingAverage, mmengine's BaseAveragedModel.update_parameters,
// BaseGAN.train_step), with one MMagic iteration per D update:
//   - after an iteration's G updates, if the iteration (counted from 1) is at least
//     start_iter: update_parameters. Its first call copies G's parameters (the average starts
//     at G, not at G's initial weights); after that, every interval-th call averages
//         shadow = (1 - momentum) * shadow + momentum * G        (momentum: the NEW weights' share)
//     and the calls in between leave the parameters as they are. Buffers are always copied
//     (MMagic's update_buffers=False default, sync_buffers).
//   - before start_iter: sync_parameters, a plain copy of parameters and buffers, and the call
//     count stays 0.
// Parameters are G's trainable weights; buffers its non-trainable ones (batch norm's moving
// mean and variance), copied as MMagic copies them rather than averaged.
import * as tf from '@tensorflow/tfjs';
import type { EmaSettings } from '../protocol/messages';
import { TrainerError } from './trainerTypes';

/** MMagic's defaults for what an EmaSettings leaves out. */
export const EMA_DEFAULTS = { startIteration: 0, interval: 1 } as const;

interface Pair {
  readonly shadow: tf.LayerVariable;
  readonly live: tf.LayerVariable;
  /** A parameter (averaged), or a buffer (copied). */
  readonly parameter: boolean;
}

/** A LayersModel of the same architecture with its own weights, built without random draws. */
function cloneArchitecture(model: tf.LayersModel): tf.LayersModel {
  const cls = model.constructor as typeof tf.LayersModel;
  // fastWeightInit: zeros instead of the initializers' draws (the weights are copied next).
  return cls.fromConfig(cls, model.getConfig() as tf.serialization.ConfigDict, {}, true) as tf.LayersModel;
}

export class EmaGenerator {
  /** The shadow generator: G's architecture, holding the average. Inference only. */
  readonly model: tf.LayersModel;
  readonly momentum: number;
  readonly startIteration: number;
  readonly interval: number;
  private readonly pairs: readonly Pair[];
  /** mmengine's `steps`: update_parameters calls so far (a checkpoint keeps it). */
  private calls = 0;

  constructor(generator: tf.LayersModel, settings: EmaSettings) {
    this.momentum = settings.momentum;
    this.startIteration = settings.startIteration ?? EMA_DEFAULTS.startIteration;
    this.interval = settings.interval ?? EMA_DEFAULTS.interval;
    if (!(this.momentum > 0 && this.momentum < 1)) throw new TrainerError(`ema.momentum must be between 0 and 1 (both excluded), got ${this.momentum}`);
    if (!Number.isInteger(this.interval) || this.interval < 1) throw new TrainerError(`ema.interval must be a whole number >= 1, got ${this.interval}`);
    this.model = cloneArchitecture(generator);
    // Paired layer by layer: a model's `weights` lists the trainable ones first, and the copy's
    // are all non-trainable, so the two lists are in different orders wherever batch norm is.
    this.pairs = generator.layers.flatMap((layer, li) =>
      layer.weights.map((live, wi) => {
        const shadow = this.model.layers[li]?.weights[wi];
        if (!shadow || shadow.shape.join() !== live.shape.join()) throw new TrainerError(`the EMA copy of the generator differs at layer ${li} (${live.name})`);
        return { shadow, live, parameter: live.trainable };
      }),
    );
    this.model.trainable = false;
    // MMagic deep-copies G when it builds the average.
    this.copy(() => true);
  }

  /** update_parameters calls so far (mmengine's `steps`). */
  get updates(): number {
    return this.calls;
  }

  /** The shadow's weights, layer by layer (each layer's in its own order). */
  get weights(): readonly tf.LayerVariable[] {
    return this.pairs.map((p) => p.shadow);
  }

  /** After the G updates of `iteration` (counted from 1), as BaseGAN.train_step does. */
  afterGeneratorUpdates(iteration: number): void {
    if (iteration < this.startIteration) {
      this.copy(() => true);
      return;
    }
    if (this.calls === 0) this.copy(() => true);
    else if (this.calls % this.interval === 0) this.average();
    else this.copy((p) => !p.parameter);
    this.calls++;
  }

  /** Continues a checkpointed average: its weights are written by the restore, the count here. */
  resumeAt(updates: number): void {
    if (!Number.isInteger(updates) || updates < 0) throw new TrainerError(`ema updates must be a whole number >= 0, got ${updates}`);
    this.calls = updates;
  }

  private copy(which: (p: Pair) => boolean): void {
    tf.tidy(() => {
      for (const p of this.pairs) if (which(p)) p.shadow.write(p.live.read());
    });
  }

  /** Parameters averaged, buffers copied. */
  private average(): void {
    const m = this.momentum;
    tf.tidy(() => {
      for (const p of this.pairs) {
        // MMagic's averaged.mul_(1 - momentum).add_(source, alpha=momentum), in that order.
        p.shadow.write(p.parameter ? tf.add(tf.mul(p.shadow.read(), 1 - m), tf.mul(p.live.read(), m)) : p.live.read());
      }
    });
  }

  dispose(): void {
    this.model.dispose();
  }
}
