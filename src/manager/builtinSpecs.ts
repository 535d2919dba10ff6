import type { LossSpec, LossSpecEntry } from './lossSpec';

/**
 * Built-in objectives as JSON specs. The data_info keys are MMagic's outputs names, which
 * the engine provides: `disc_pred_real` / `disc_pred_fake` (the critic on real and generated
 * samples, recomputed in each phase), `real_imgs` / `fake_imgs`, `disc`, `gen`, `batch_size`,
 * `iteration`, and for pix2pix `real_a`, `real_b`, `fake_b`.
 */

type GanType = 'vanilla' | 'lsgan' | 'wgan' | 'hinge' | 'wgan-logistic-ns';

/** The generator's and the discriminator's adversarial terms for one GAN type. */
function adversarial(gan_type: GanType): LossSpecEntry[] {
  const gan = (name: string, input: string, target_is_real: boolean, is_disc: boolean, tag: 'G' | 'D'): LossSpecEntry => ({
    name,
    type: 'GANLoss',
    gan_type,
    target_is_real,
    is_disc,
    data_info: { input },
    tags: [tag],
  });
  return [
    gan('G_GAN', 'disc_pred_fake', true, false, 'G'),
    gan('D_real', 'disc_pred_real', true, true, 'D'),
    gan('D_fake', 'disc_pred_fake', false, true, 'D'),
  ];
}

function pix2pix(extended: boolean): LossSpec {
  // NectarGAN's pix2pix objective: cGAN (BCE with logits) + 100 x L1 (Isola et al. 2017, 4.2);
  // 'extended' adds L2, Sobel and Laplacian terms, off (weight 0) until a slider raises them.
  const pixel = (name: string, type: string, loss_weight: number): LossSpecEntry => ({
    name,
    type,
    loss_weight,
    data_info: { pred: 'fake_b', target: 'real_b' },
    tags: ['G'],
  });
  const [gGan, dReal, dFake] = adversarial('vanilla') as [LossSpecEntry, LossSpecEntry, LossSpecEntry];
  return {
    name: extended ? 'pix2pix/extended' : 'pix2pix/basic',
    description: extended
      ? "NectarGAN's pix2pix 'extended': cGAN + 100 x L1, plus L2, Sobel and Laplacian at weight 0."
      : "NectarGAN's pix2pix 'basic': cGAN (BCE with logits) + 100 x L1.",
    losses: [
      gGan,
      pixel('G_L1', 'L1Loss', 100),
      dReal,
      dFake,
      ...(extended
        ? [pixel('G_L2', 'MSELoss', 0), pixel('G_SOBEL', 'SobelLoss', 0), pixel('G_LAP', 'LaplacianLoss', 0)]
        : []),
    ],
  };
}

/** StyleGAN2's lazy R1: gamma 10, every 16 D steps, the interval folded into the weight (10 / 2 * 16). */
const R1_INTERVAL = 16;
const R1_GAMMA = 10;

export const BUILTIN_SPECS: Readonly<Record<string, LossSpec>> = {
  'pix2pix/basic': pix2pix(false),
  'pix2pix/extended': pix2pix(true),
  dcgan: {
    name: 'dcgan',
    description: 'DCGAN (Radford et al. 2016): BCE with logits, non-saturating generator loss.',
    losses: adversarial('vanilla'),
  },
  lsgan: {
    name: 'lsgan',
    description: 'LSGAN (Mao et al. 2017): least squares to the labels 1 and 0.',
    losses: adversarial('lsgan'),
  },
  'wgan-gp': {
    name: 'wgan-gp',
    description: 'WGAN-GP (Gulrajani et al. 2017): Wasserstein critic with a gradient penalty of weight 10.',
    losses: [
      ...adversarial('wgan'),
      {
        name: 'D_gp',
        type: 'GradientPenaltyLoss',
        loss_weight: 10,
        norm_mode: 'HWC',
        data_info: { discriminator: 'disc', real_data: 'real_imgs', fake_data: 'fake_imgs' },
        tags: ['D'],
      },
    ],
  },
  'hinge-r1': {
    name: 'hinge-r1',
    description: `Hinge loss with StyleGAN2-style lazy R1 (gamma ${R1_GAMMA}, every ${R1_INTERVAL} steps, weight ${R1_GAMMA} / 2 x ${R1_INTERVAL}).`,
    losses: [
      ...adversarial('hinge'),
      {
        name: 'D_r1',
        type: 'R1GradientPenalty',
        loss_weight: (R1_GAMMA / 2) * R1_INTERVAL,
        interval: R1_INTERVAL,
        norm_mode: 'HWC',
        data_info: { discriminator: 'disc', real_data: 'real_imgs' },
        tags: ['D'],
      },
    ],
  },
  'toy/log-loss': {
    name: 'toy/log-loss',
    description: "GAN Lab's log loss for the 2-D toy GAN: BCE on the critic's logits, non-saturating generator.",
    losses: adversarial('vanilla'),
  },
  'toy/least-squares': {
    name: 'toy/least-squares',
    description: "GAN Lab's least squares loss for the 2-D toy GAN.",
    losses: adversarial('lsgan'),
  },
};

export type BuiltinSpecName = keyof typeof BUILTIN_SPECS;

/** A deep copy of a built-in spec, safe to edit. */
export function builtinSpec(name: string): LossSpec {
  const spec = BUILTIN_SPECS[name];
  if (spec === undefined) {
    throw new Error(`unknown built-in spec "${name}"; built-in specs: ${Object.keys(BUILTIN_SPECS).join(', ')}`);
  }
  return structuredClone(spec);
}
