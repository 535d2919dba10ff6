import { z } from '../../zodConfig'; // zod, configured jitless before any schema is built
import type { ArgSpec } from '../argSpec';
import { dataInfo, interval, lossName, lossWeight } from '../config';
import { defineLoss } from './entry';

export const MASKED_TV_SCHEMA = z.strictObject({
  loss_weight: lossWeight,
  data_info: dataInfo,
  interval,
  loss_name: lossName('loss_tv'),
});

export const MASKED_TV_ARGS: readonly ArgSpec[] = [
  { name: 'pred', kind: 'tensor' },
  { name: 'mask', kind: 'tensor', optional: true },
];

export const PSNR_SCHEMA = z.strictObject({
  loss_weight: lossWeight,
  // MMagic accepts `toY` but never applies it; we refuse `true` rather than ignore it.
  toY: z
    .literal(false, { error: 'MMagic accepts toY but never applies it, so only false is supported' })
    .default(false)
    .describe('Compare the Y channel only: MMagic never applies it, so only false is supported.'),
  data_info: dataInfo,
  interval,
  loss_name: lossName('loss_psnr'),
});

export const PSNR_ARGS: readonly ArgSpec[] = [
  { name: 'pred', kind: 'tensor' },
  { name: 'target', kind: 'tensor' },
];

export const IMAGE_LOSSES = {
  MaskedTVLoss: defineLoss({
    type: 'MaskedTVLoss',
    description: 'Total variation: L1 between neighbouring pixels of the prediction, inside an optional mask.',
    schema: MASKED_TV_SCHEMA,
    args: MASKED_TV_ARGS,
  }),
  PSNRLoss: defineLoss({
    type: 'PSNRLoss',
    description: 'Minus the mean PSNR (dB) of prediction against target for images with peak 1.',
    schema: PSNR_SCHEMA,
    args: PSNR_ARGS,
  }),
};
