// pix2pix's quality: L1 (MMagic's MAE), PSNR and SSIM of G(A) against B on a fixed set of
// held-out pairs: for a built-in task, drawn from a seed whose stream no training draw reaches
// (heldOutSeed); for the user's own A|B images, the share of them kept out of training
// (data.heldOutShare, default 10%; none from fewer than 10 images: then no measurement).
import * as tf from '@tensorflow/tfjs';
import type { Tensor1D, Tensor4D } from '@tensorflow/tfjs';
import { metricName } from '../../manager';
import { createPairTaskSource, heldOutSeed } from '../data';
import { userImagePairs } from '../setup';
import type { GanNetworks } from '../trainerTypes';
import { mae, psnr, ssim, to255 } from './imageQuality';
import type { Quality } from './toyQuality';

/** Held-out pairs per measurement (of the user's images: at most this many, the first held out). */
export const PAIR_EVAL_COUNT = 16;

/** The held-out pairs, NHWC, or null where there are none. */
function heldOutPairs(data: Readonly<Record<string, unknown>>, size: number, seed: number): { a: Float32Array; b: Float32Array; count: number; channelsA: number } | null {
  if (data.images === undefined) {
    const source = createPairTaskSource({ ...data, size }, heldOutSeed(seed));
    return { ...source.nextPairs(PAIR_EVAL_COUNT), count: PAIR_EVAL_COUNT, channelsA: source.shapeA[2] };
  }
  const pairs = userImagePairs(data, size).heldOut.slice(0, PAIR_EVAL_COUNT);
  if (pairs.length === 0) return null;
  const pixels = size * size * 3;
  const [a, b] = [new Float32Array(pairs.length * pixels), new Float32Array(pairs.length * pixels)];
  pairs.forEach((p, k) => {
    a.set(p.a, k * pixels);
    b.set(p.b, k * pixels);
  });
  return { a, b, count: pairs.length, channelsA: 3 };
}

/** The measure for a pix2pix run (`data` its JSON, `size` the model's side), or null when nothing is held out. */
export function pairQuality(data: Readonly<Record<string, unknown>>, size: number, seed: number, networks: GanNetworks): Quality | null {
  const held = heldOutPairs(data, size, seed);
  if (!held) return null;
  const { a, b, count } = held;
  const shapeA = [count, size, size, held.channelsA] as [number, number, number, number];
  const shapeB = [count, size, size, 3] as [number, number, number, number];
  return {
    names: ['L1', 'PSNR', 'SSIM'].map(metricName),
    measure() {
      // Inference mode (predict): batch norm's moving statistics, no dropout.
      const fake = to255(tf.clipByValue(networks.generator.predict(tf.tensor4d(a, shapeA)) as Tensor4D, -1, 1));
      const real = to255(tf.tensor4d(b, shapeB));
      return tf.stack([mae(fake, real), psnr(fake, real), ssim(fake, real)]) as Tensor1D;
    },
  };
}
