import { z } from '../../zodConfig'; // zod, configured jitless before any schema is built
import type { ArgSpec } from '../argSpec';
import { dataInfo, interval, lossName, lossWeight, reduction } from '../config';
import { defineLoss } from './entry';

export const PIXEL_ARGS: readonly ArgSpec[] = [
  { name: 'pred', kind: 'tensor' },
  { name: 'target', kind: 'tensor' },
  { name: 'weight', kind: 'tensor', optional: true },
];

function pixelSchema(defaultName: string) {
  return z.strictObject({
    loss_weight: lossWeight,
    reduction,
    sample_wise: z
      .boolean()
      .default(false)
      .describe("Masked mean per sample, then over the samples; only with reduction 'mean' and a weight."),
    data_info: dataInfo,
    interval,
    loss_name: lossName(defaultName),
  });
}

export type PixelSchema = ReturnType<typeof pixelSchema>;
export type PixelLossConfig = z.input<PixelSchema>;

export const PIXEL_SCHEMAS = {
  L1Loss: pixelSchema('loss_l1'),
  MSELoss: pixelSchema('loss_mse'),
  CharbonnierLoss: pixelSchema('loss_charbonnier').extend({
    eps: z
      .number()
      .finite()
      .nonnegative()
      .default(1e-12)
      .describe('Curvature near zero: sqrt((pred - target)^2 + eps).'),
  }),
};

export const PIXEL_LOSSES = {
  L1Loss: defineLoss({
    type: 'L1Loss',
    description: 'L1: mean absolute error between prediction and target, optionally weighted per element.',
    schema: PIXEL_SCHEMAS.L1Loss,
    args: PIXEL_ARGS,
  }),
  MSELoss: defineLoss({
    type: 'MSELoss',
    description: 'MSE (L2): mean squared error between prediction and target, optionally weighted per element.',
    schema: PIXEL_SCHEMAS.MSELoss,
    args: PIXEL_ARGS,
  }),
  CharbonnierLoss: defineLoss({
    type: 'CharbonnierLoss',
    description: 'Charbonnier, a differentiable L1: sqrt((pred - target)^2 + eps).',
    schema: PIXEL_SCHEMAS.CharbonnierLoss,
    args: PIXEL_ARGS,
  }),
};
