// One loss call's tensor work: weigh the loss and, when the call is recorded, keep its mean and
// its loss map past the caller's tidy. The manager decides what to call and where values go.
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { batchMean, type LossWithMap } from '../losses';

/** A recorded call's tensors: `raw` (the unweighted mean) and `map` are kept until the manager frees them. */
export interface RecordedCall {
  readonly weighted: Tensor;
  readonly raw: Tensor;
  readonly map: Tensor;
}

/** The loss times its weight and the call's adaptive factor. */
function weigher(weight: number, factor: Tensor | undefined): (t: Tensor) => Tensor {
  // A weight of 1 leaves the loss as it is: the same numbers, one taped op fewer per update.
  return (t) => (factor ? tf.mul(tf.mul(t, weight), factor) : weight === 1 ? t : tf.mul(t, weight));
}

/**
 * An unrecorded call (`record: false`): the weighted loss, or with `unweighted` the loss as it
 * is; null on an iteration the module skips. Everything else is freed here.
 */
export function unrecordedCall(compute: () => LossWithMap | null, weight: number, factor: Tensor | undefined, unweighted: boolean | undefined): Tensor | null {
  const weigh = weigher(weight, factor);
  const weighted = tf.tidy(() => {
    const out = compute();
    return out === null ? {} : { weighted: unweighted ? out.loss : weigh(out.loss) };
  }) as { weighted?: Tensor };
  return weighted.weighted ?? null;
}

/**
 * A recorded call: the weighted loss, its mean and its map (a batch mean when the loss has
 * none); null on an iteration the module skips. Everything but those three is freed here.
 */
export function recordedCall(compute: () => LossWithMap | null, weight: number, factor: Tensor | undefined): RecordedCall | null {
  const weigh = weigher(weight, factor);
  const result = tf.tidy(() => {
    const out = compute();
    if (out === null) return {};
    const map = out.map ?? (out.loss.rank === 0 ? tf.clone(out.loss) : batchMean(out.loss));
    // A scalar's mean is the scalar: a copy is one kernel, a mean two (it saves its input for a gradient).
    const raw = out.loss.rank === 0 ? tf.clone(out.loss) : tf.mean(out.loss);
    return { weighted: weigh(out.loss), raw: tf.keep(raw), map: tf.keep(map) };
  }) as Partial<RecordedCall>;
  if (result.weighted === undefined || result.raw === undefined || result.map === undefined) return null;
  return result as RecordedCall;
}
