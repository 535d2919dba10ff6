import * as tf from '@tensorflow/tfjs';
import { CHECKPOINT_DTYPES, CheckpointError, checksum, entryByteLength, type CheckpointDtype, type WeightEntry } from './format';

export interface NamedWeight {
  /** The checkpoint's name for it, e.g. 'generator/0:Dense/kernel'. */
  readonly name: string;
  readonly variable: tf.LayerVariable;
}

/**
 * A model's weights under names that are the same in every build of the same architecture:
 * `${prefix}/${layer index}:${layer class}/${weight}`. tfjs's own names carry a global layer
 * counter ('dense_Dense7/kernel') that differs from one build, or one page load, to the next.
 */
export function modelWeights(model: tf.LayersModel, prefix: string): NamedWeight[] {
  return model.layers.flatMap((layer, li) =>
    layer.weights.map((variable, wi) => {
      // originalName is '<scopes>/<layer name>/kernel'; the index stands in if it is not.
      const at = variable.originalName.lastIndexOf(`${layer.name}/`);
      const short = at < 0 ? String(wi) : variable.originalName.slice(at + layer.name.length + 1);
      return { name: `${prefix}/${li}:${layer.getClassName()}/${short}`, variable };
    }),
  );
}

/**
 * Reads the tensors back (all at once, `await data()`) into one buffer, in order. The caller
 * must keep them alive and unchanged until this resolves: pass clones when training goes on.
 */
export async function encodeTensors(tensors: readonly { name: string; tensor: tf.Tensor }[]) {
  const weights: WeightEntry[] = tensors.map(({ name, tensor }) => {
    if (!(CHECKPOINT_DTYPES as readonly string[]).includes(tensor.dtype)) {
      throw new CheckpointError(`weight "${name}" is ${tensor.dtype}; a checkpoint holds ${CHECKPOINT_DTYPES.join(' and ')} only`);
    }
    return { name, shape: [...tensor.shape], dtype: tensor.dtype as CheckpointDtype };
  });
  const values = await Promise.all(tensors.map(({ tensor }) => tensor.data()));
  const weightData = new ArrayBuffer(weights.reduce((n, e) => n + entryByteLength(e), 0));
  let offset = 0;
  values.forEach((data, i) => {
    const entry = weights[i]!;
    // Same-size views: int32 bits are copied as they are, not converted through float32.
    new Uint8Array(weightData, offset, data.byteLength).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    offset += entryByteLength(entry);
  });
  return { weights, weightData, weightsByteLength: weightData.byteLength, weightsChecksum: checksum(weightData) };
}

/** One tensor per entry, by name, from a checked checkpoint's weight data. The caller disposes them. */
export function decodeTensors(weights: readonly WeightEntry[], weightData: ArrayBuffer): Map<string, tf.Tensor> {
  const out = new Map<string, tf.Tensor>();
  let offset = 0;
  for (const entry of weights) {
    const bytes = entryByteLength(entry);
    // slice() copies, so no tensor shares the caller's buffer (which may be transferred later).
    const chunk = weightData.slice(offset, offset + bytes);
    const values = entry.dtype === 'int32' ? new Int32Array(chunk) : new Float32Array(chunk);
    out.set(entry.name, tf.tensor(values, [...entry.shape], entry.dtype));
    offset += bytes;
  }
  return out;
}
