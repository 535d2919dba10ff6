import * as tf from '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs';
import type { LossMapMessage } from '../protocol/messages';

/** The largest map side sent to the page: enough for a heat map, small enough to stream. */
export const MAX_MAP_SIDE = 64;

/** Shrinks an [H, W, C] map to at most 64x64 on the device (area average); other ranks pass. */
function shrink(map: Tensor): Tensor {
  if (map.rank !== 3) return map.clone();
  const [h, w] = map.shape as [number, number, number];
  if (h <= MAX_MAP_SIDE && w <= MAX_MAP_SIDE) return map.clone();
  const size: [number, number] = [Math.min(h, MAX_MAP_SIDE), Math.min(w, MAX_MAP_SIDE)];
  return tf.image.resizeBilinear(map as tf.Tensor3D, size, false, true);
}

/**
 * Reads every loss map back in one transfer: shrunk and concatenated on the device, then a
 * single `await data()`, then split into one message per loss (each owning its buffer).
 */
export async function readLossMaps(maps: Readonly<Record<string, Tensor | null>>, step: number): Promise<LossMapMessage[]> {
  const entries = Object.entries(maps).filter((e): e is [string, Tensor] => e[1] !== null && !e[1].isDisposed);
  if (entries.length === 0) return [];
  const shrunk = tf.tidy(() => entries.map(([, t]) => shrink(t)));
  const shapes = shrunk.map((t) => t.shape);
  const flat = tf.tidy(() => tf.concat(shrunk.map((t) => tf.reshape(t, [-1]))));
  tf.dispose(shrunk);
  const all = (await flat.data()) as Float32Array;
  flat.dispose();
  let offset = 0;
  return entries.map(([name], i) => {
    const shape = shapes[i] as number[];
    const size = shape.reduce((a, b) => a * b, 1);
    const data = all.slice(offset, offset + size);
    offset += size;
    return { name, step, shape, data };
  });
}
