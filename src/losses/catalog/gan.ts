import { z } from '../../zodConfig'; // zod, configured jitless before any schema is built
import type { ArgSpec } from '../argSpec';
import { dataInfo, interval, lossName, lossWeight } from '../config';
import { defineLoss } from './entry';

/** Every adversarial objective GANLoss knows, by MMagic's names. */
export const GAN_TYPES = ['vanilla', 'lsgan', 'wgan', 'wgan-logistic-ns', 'hinge', 'smgan', 'l1'] as const;
export type GanType = (typeof GAN_TYPES)[number];
/** MMagic's GANLossComps knows fewer. */
export const GAN_COMPS_TYPES = ['vanilla', 'lsgan', 'wgan', 'wgan-logistic-ns', 'hinge'] as const;

export function ganSchema(types: readonly [string, ...string[]]) {
  return z.strictObject({
    gan_type: z.enum(types, { error: `expected one of ${types.join(', ')}` }).describe('The adversarial objective.'),
    real_label_val: z
      .number()
      .finite()
      .default(1)
      .describe('Label of real samples (e.g. 0.9 for one-sided label smoothing).'),
    fake_label_val: z.number().finite().default(0).describe('Label of fake samples.'),
    loss_weight: lossWeight.describe("Multiplies the generator's loss only; the discriminator's is never weighted."),
    target_is_real: z
      .boolean()
      .optional()
      .describe('With data_info: whether the target is real, unless data_info maps it.'),
    is_disc: z
      .boolean()
      .default(false)
      .describe("With data_info: whether this is the discriminator's loss, unless data_info maps it."),
    data_info: dataInfo,
    interval,
    loss_name: lossName('loss_gan'),
  });
}

export type GanConfig = z.input<ReturnType<typeof ganSchema>>;

export const GAN_ARGS: readonly ArgSpec[] = [
  { name: 'input', kind: 'tensor' },
  { name: 'target_is_real', kind: 'boolean' },
  { name: 'is_disc', kind: 'boolean', optional: true },
  { name: 'mask', kind: 'tensor', optional: true },
];

/** is_disc always has a value in the config (its default); target_is_real when it is given. */
export function ganSuppliedByConfig(options: Readonly<Record<string, unknown>>): string[] {
  return ['is_disc', ...(options.target_is_real === undefined ? [] : ['target_is_real'])];
}

export const GAN_LOSSES = {
  GANLoss: defineLoss({
    type: 'GANLoss',
    description: "Adversarial loss of the critic's output: vanilla, lsgan, wgan, wgan-logistic-ns, hinge, smgan or l1.",
    schema: ganSchema(GAN_TYPES),
    args: GAN_ARGS,
    suppliedByConfig: ganSuppliedByConfig,
  }),
  GANLossComps: {
    ...defineLoss({
      type: 'GANLossComps',
      description: "MMagic's GANLossComps: GANLoss without smgan and l1.",
      schema: ganSchema(GAN_COMPS_TYPES),
      args: GAN_ARGS,
      suppliedByConfig: ganSuppliedByConfig,
    }),
    aliasOf: 'GANLoss',
  },
};
