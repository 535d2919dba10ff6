import { z } from '../../zodConfig'; // zod, configured jitless before any schema is built
import type { ArgSpec } from '../argSpec';
import { dataInfo, interval, lossName, lossWeight } from '../config';
import { aliasOf, defineLoss } from './entry';

/** Along which axes a gradient's norm is taken: per pixel over channels, or per sample. */
export const NORM_MODES = ['pixel', 'HWC'] as const;
export type NormMode = (typeof NORM_MODES)[number];

function baseSchema(defaultName: string) {
  return z.strictObject({
    loss_weight: lossWeight,
    data_info: dataInfo,
    interval,
    loss_name: lossName(defaultName),
  });
}

const normMode = z
  .enum(NORM_MODES)
  .default('pixel')
  .describe("Gradient norm per pixel over channels ('pixel') or per sample over H, W and C ('HWC').");

export const DISC_SHIFT_SCHEMA = baseSchema('loss_disc_shift');
export const DISC_SHIFT_ARGS: readonly ArgSpec[] = [{ name: 'pred', kind: 'tensor' }];

export const GP_SCHEMA = baseSchema('loss_gp').extend({ norm_mode: normMode });
export const GP_ARGS: readonly ArgSpec[] = [
  { name: 'discriminator', kind: 'network' },
  { name: 'real_data', kind: 'tensor' },
  { name: 'fake_data', kind: 'tensor' },
  { name: 'mask', kind: 'tensor', optional: true },
];

export const R1_SCHEMA = baseSchema('loss_r1_gp').extend({ norm_mode: normMode });
export const R1_ARGS: readonly ArgSpec[] = [
  { name: 'discriminator', kind: 'network' },
  { name: 'real_data', kind: 'tensor' },
  { name: 'mask', kind: 'tensor', optional: true },
];

export const PATH_SCHEMA = baseSchema('loss_path_regular').extend({
  pl_batch_shrink: z
    .number()
    .int()
    .min(1)
    .default(1)
    .describe('Divides the batch for this penalty (StyleGAN2 uses 2).'),
  decay: z
    .number()
    .finite()
    .min(0)
    .max(1)
    .default(0.01)
    .describe('Moving-average rate of the mean path length.'),
  pl_batch_size: z
    .number()
    .int()
    .min(1)
    .nullable()
    .default(null)
    .describe('Overrides the batch size (and ignores pl_batch_shrink).'),
  latent_shape: z
    .array(z.number().int().min(1))
    .min(1)
    .optional()
    .describe("One sample's latent shape, when the generator is not a LayersModel (which tells it)."),
});
export const PATH_ARGS: readonly ArgSpec[] = [
  { name: 'generator', kind: 'network' },
  { name: 'num_batches', kind: 'number' },
];

const discShift = defineLoss({
  type: 'DiscShiftLoss',
  description: "PGGAN's drift penalty: mean(pred^2) of the critic's output.",
  schema: DISC_SHIFT_SCHEMA,
  args: DISC_SHIFT_ARGS,
});
const gradientPenalty = defineLoss({
  type: 'GradientPenaltyLoss',
  description: "WGAN-GP's penalty: (||grad D|| - 1)^2 at random interpolates of real and fake samples.",
  schema: GP_SCHEMA,
  args: GP_ARGS,
});
const r1 = defineLoss({
  type: 'R1GradientPenalty',
  description: "R1: the squared norm of the critic's gradient at real samples.",
  schema: R1_SCHEMA,
  args: R1_ARGS,
});
const pathRegularizer = defineLoss({
  type: 'GeneratorPathRegularizer',
  description: "StyleGAN2's path length regularizer on the generator, with a moving mean path length.",
  schema: PATH_SCHEMA,
  args: PATH_ARGS,
});

export const REGULARIZER_LOSSES = {
  DiscShiftLoss: discShift,
  DiscShiftLossComps: aliasOf(discShift, 'DiscShiftLossComps'),
  GradientPenaltyLoss: gradientPenalty,
  GradientPenaltyLossComps: aliasOf(gradientPenalty, 'GradientPenaltyLossComps'),
  R1GradientPenalty: r1,
  R1GradientPenaltyComps: aliasOf(r1, 'R1GradientPenaltyComps'),
  GeneratorPathRegularizer: pathRegularizer,
  GeneratorPathRegularizerComps: aliasOf(pathRegularizer, 'GeneratorPathRegularizerComps'),
};
