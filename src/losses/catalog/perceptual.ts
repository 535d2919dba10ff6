import { z } from '../../zodConfig'; // zod, configured jitless before any schema is built
import type { ArgSpec } from '../argSpec';
import { dataInfo, interval, lossName, lossWeight } from '../config';
import { defineLoss } from './entry';

/** How feature maps (or their Gram matrices) are compared; 'fro' is BasicSR's addition. */
export const PERCEPTUAL_CRITERIA = ['l1', 'mse', 'fro'] as const;
export type PerceptualCriterion = (typeof PERCEPTUAL_CRITERIA)[number];

const layerWeights = z
  .record(z.string(), z.number().finite())
  .refine((weights) => Object.keys(weights).length > 0, 'must name at least one layer of the feature network');

export const PERCEPTUAL_SCHEMA = z.strictObject({
  layer_weights: layerWeights.describe(
    '{layer name of the feature network: weight} for the perceptual term, e.g. {block1_conv2: 1}.',
  ),
  layer_weights_style: layerWeights
    .nullable()
    .default(null)
    .describe('{layer name: weight} for the style term; null uses layer_weights.'),
  perceptual_weight: z
    .number()
    .finite()
    .nonnegative()
    .default(1)
    .describe("The perceptual term's weight; 0 leaves the term out (null in forwardParts)."),
  style_weight: z
    .number()
    .finite()
    .nonnegative()
    .default(0)
    .describe("The style (Gram matrix) term's weight; 0 leaves the term out."),
  criterion: z.enum(PERCEPTUAL_CRITERIA).default('l1').describe('How features are compared: l1, mse or fro (Frobenius norm).'),
  norm_img: z.boolean().default(false).describe('Map images from [-1, 1] to [0, 1] before the feature network.'),
  use_input_norm: z
    .boolean()
    .default(false)
    .describe("Then normalize with ImageNet's mean and std (RGB images)."),
  loss_weight: lossWeight.describe("Multiplies the total; MMagic's module has none, our registry convention does."),
  data_info: dataInfo,
  interval,
  loss_name: lossName('loss_perceptual'),
});

export type PerceptualLossConfig = z.input<typeof PERCEPTUAL_SCHEMA>;

export const PERCEPTUAL_ARGS: readonly ArgSpec[] = [
  { name: 'pred', kind: 'tensor' },
  { name: 'target', kind: 'tensor' },
];

export const PERCEPTUAL_LOSSES = {
  PerceptualLoss: defineLoss({
    type: 'PerceptualLoss',
    description: 'Distances between features (and their Gram matrices) at named layers of a feature network you supply.',
    schema: PERCEPTUAL_SCHEMA,
    args: PERCEPTUAL_ARGS,
    needsUserModel: true,
  }),
};
