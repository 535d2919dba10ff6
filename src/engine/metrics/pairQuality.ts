// pix2pix's quality: L1 (MMagic's MAE), PSNR and SSIM of G(A) against B on a fixed set of
// held-out pairs of a built-in task, drawn from a seed whose stream no training draw reaches
// (heldOutSeed). The user's own A|B images are not split: no held-out set, no measurement.
import * as tf from '@tensorflow/tfjs';
import type { Tensor1D, Tensor4D } from '@tensorflow/tfjs';
import { metricName } from '../../manager';
import { createPairTaskSource, heldOutSeed } from '../data';
import type { GanNetworks } from '../trainerTypes';
import { mae, psnr, ssim, to255 } from './imageQuality';
import type { Quality } from './toyQuality';

/** Held-out pairs per measurement. */
export const PAIR_EVAL_COUNT = 16;

/** The measure for a procedural task's run (`data` its JSON, `size` the model's side), or null for the user's images. */
export function pairQuality(data: Readonly<Record<string, unknown>>, size: number, seed: number, networks: GanNetworks): Quality | null {
  if (data.images !== undefined) return null;
  const source = createPairTaskSource({ ...data, size }, heldOutSeed(seed));
  const { a, b } = source.nextPairs(PAIR_EVAL_COUNT);
  const shapeA = [PAIR_EVAL_COUNT, ...source.shapeA] as [number, number, number, number];
  const shapeB = [PAIR_EVAL_COUNT, ...source.shapeB] as [number, number, number, number];
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
