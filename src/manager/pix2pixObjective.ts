import { GANLoss, L1Loss, LaplacianLoss, MSELoss, SobelLoss } from '../losses';
import { LMLoss } from './lmLoss';

/** NectarGAN's pix2pix subspecs. '+vgg' needs a feature network: see PerceptualLoss. */
export const PIX2PIX_SUBSPECS = ['basic', 'extended'] as const;
export type Pix2pixSubspec = (typeof PIX2PIX_SUBSPECS)[number];

export interface Pix2pixLambdas {
  /** @default 1 */
  lambdaGan?: number;
  /** @default 100 */
  lambdaL1?: number;
  /** @default 0 */
  lambdaL2?: number;
  /** @default 0 */
  lambdaSobel?: number;
  /** @default 0 */
  lambdaLaplacian?: number;
}

/**
 * NectarGAN's `pix2pix_objective` as a spec function for `LossManager.initFromSpec`: the
 * cGAN terms (BCE with logits) and G_L1 (Isola et al. 2017, section 4.2); 'extended' adds
 * G_L2, G_SOBEL and G_LAP. Call the losses with computeLossXY: G_GAN(D(fake), true),
 * G_L1(fake, real), D_real(D(real), true), D_fake(D(fake), false).
 */
export function pix2pixObjective(subspec: Pix2pixSubspec = 'basic', lambdas: Pix2pixLambdas = {}): Record<string, LMLoss> {
  if (!(PIX2PIX_SUBSPECS as readonly string[]).includes(subspec)) {
    const vgg = String(subspec).includes('+vgg') ? " ('+vgg' needs a feature network we cannot ship: register a PerceptualLoss with your own model)" : '';
    throw new Error(`pix2pixObjective: unknown subspec "${subspec}"; valid: ${PIX2PIX_SUBSPECS.join(', ')}${vgg}`);
  }
  const { lambdaGan = 1, lambdaL1 = 100, lambdaL2 = 0, lambdaSobel = 0, lambdaLaplacian = 0 } = lambdas;
  const bce = (isDisc: boolean) => new GANLoss({ gan_type: 'vanilla', is_disc: isDisc });
  const losses: Record<string, LMLoss> = {
    G_GAN: new LMLoss({ name: 'G_GAN', fn: bce(false), lossWeight: lambdaGan, tags: ['G'] }),
    G_L1: new LMLoss({ name: 'G_L1', fn: new L1Loss(), lossWeight: lambdaL1, tags: ['G'] }),
    D_real: new LMLoss({ name: 'D_real', fn: bce(true), tags: ['D'] }),
    D_fake: new LMLoss({ name: 'D_fake', fn: bce(true), tags: ['D'] }),
  };
  if (subspec === 'extended') {
    losses.G_L2 = new LMLoss({ name: 'G_L2', fn: new MSELoss(), lossWeight: lambdaL2, tags: ['G'] });
    losses.G_SOBEL = new LMLoss({ name: 'G_SOBEL', fn: new SobelLoss(), lossWeight: lambdaSobel, tags: ['G'] });
    losses.G_LAP = new LMLoss({ name: 'G_LAP', fn: new LaplacianLoss(), lossWeight: lambdaLaplacian, tags: ['G'] });
  }
  return losses;
}
