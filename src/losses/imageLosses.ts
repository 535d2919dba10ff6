import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { z } from 'zod';
import { assertSameShape, BaseLoss } from './baseLoss';
import { MASKED_TV_ARGS, MASKED_TV_SCHEMA, PSNR_ARGS, PSNR_SCHEMA } from './catalog/image';
import { parseConfig } from './config';
import { maskReduceLoss } from './reduction';
import { LossConfigError } from './types';

function assertRank4(label: string, t: Tensor, name: string): void {
  if (t.rank !== 4) {
    throw new LossConfigError(`${label}: ${name} must be an NHWC batch of rank 4, got shape [${t.shape.join(', ')}]`);
  }
}

/**
 * MMagic's MaskedTVLoss: the masked L1 distance between vertically and horizontally
 * neighbouring pixels, summed: `loss_weight * (mean|dx| + mean|dy|)` over the mask.
 * Without a mask every pixel counts (MMagic requires one).
 */
export class MaskedTVLoss extends BaseLoss {
  readonly lossWeight: number;

  constructor(config: z.input<typeof MASKED_TV_SCHEMA> = {}) {
    const c = parseConfig('MaskedTVLoss', MASKED_TV_SCHEMA, config);
    super({
      type: 'MaskedTVLoss',
      lossName: c.loss_name,
      dataInfo: c.data_info,
      interval: c.interval,
      args: MASKED_TV_ARGS,
    });
    this.lossWeight = c.loss_weight;
  }

  forward(pred: Tensor, mask?: Tensor | null): Tensor {
    assertRank4(this.label, pred, 'pred');
    if (mask != null) assertRank4(this.label, mask, 'mask');
    const [n, h, w, c] = pred.shape as [number, number, number, number];
    const mc = mask?.shape[3] ?? 1;
    return tf.tidy(() => {
      const crop = (t: Tensor, begin: number[], size: number[]) => tf.slice(t, begin, size);
      const rows = (t: Tensor, from: number, ch: number) => crop(t, [0, from, 0, 0], [n, h - 1, w, ch]);
      const cols = (t: Tensor, from: number, ch: number) => crop(t, [0, 0, from, 0], [n, h, w - 1, ch]);
      const yDiff = maskReduceLoss(
        tf.abs(tf.sub(rows(pred, 0, c), rows(pred, 1, c))),
        mask ? rows(mask, 0, mc) : null,
      );
      const xDiff = maskReduceLoss(
        tf.abs(tf.sub(cols(pred, 0, c), cols(pred, 1, c))),
        mask ? cols(mask, 0, mc) : null,
      );
      return tf.add(tf.mul(xDiff, this.lossWeight), tf.mul(yDiff, this.lossWeight));
    });
  }

  protected fromArgs(args: Record<string, unknown>): Tensor {
    return this.forward(args.pred as Tensor, args.mask as Tensor | undefined);
  }
}

/** 10 / ln 10: turns a natural log of the MSE into decibels. */
const DB_PER_NEPER = 10 / Math.log(10);

/**
 * MMagic's PSNRLoss (HINet): `loss_weight * 10/ln(10) * mean_n(log(mse_n + 1e-8))`, where
 * mse_n is sample n's mean squared error over H, W and C. It is minus the mean PSNR of
 * images with peak 1, so minimizing it maximizes PSNR.
 */
export class PSNRLoss extends BaseLoss {
  readonly lossWeight: number;

  constructor(config: z.input<typeof PSNR_SCHEMA> = {}) {
    const c = parseConfig('PSNRLoss', PSNR_SCHEMA, config);
    super({
      type: 'PSNRLoss',
      lossName: c.loss_name,
      dataInfo: c.data_info,
      interval: c.interval,
      args: PSNR_ARGS,
    });
    this.lossWeight = c.loss_weight;
  }

  forward(pred: Tensor, target: Tensor): Tensor {
    assertRank4(this.label, pred, 'pred');
    assertSameShape(this.label, pred, target, ['pred', 'target']);
    return tf.tidy(() => {
      const msePerSample = tf.mean(tf.squaredDifference(pred, target), [1, 2, 3]);
      const logMse = tf.log(tf.add(msePerSample, 1e-8));
      return tf.mul(tf.mean(logMse), this.lossWeight * DB_PER_NEPER);
    });
  }

  protected fromArgs(args: Record<string, unknown>): Tensor {
    return this.forward(args.pred as Tensor, args.target as Tensor);
  }
}
