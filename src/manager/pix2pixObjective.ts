import type { LayersModel } from '@tensorflow/tfjs';
import { GANLoss, L1Loss, LaplacianLoss, MSELoss, PerceptualLoss, SobelLoss } from '../losses';
import { LMLoss } from './lmLoss';

/** NectarGAN's pix2pix subspecs. '+vgg' needs a feature network the user supplies (`vgg`). */
export const PIX2PIX_SUBSPECS = ['basic', 'extended', 'basic+vgg', 'extended+vgg'] as const;
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
  /** @default 10 */
  lambdaVgg?: number;
  /**
   * For '+vgg': the feature network and the layers to compare (NectarGAN uses VGG19's first
   * three blocks with weight 1 each). We cannot ship VGG weights, so the user loads a model.
   */
  vgg?: { model: LayersModel; layerWeights: Record<string, number> };
}

/**
 * NectarGAN's `pix2pix_objective` as a spec function for `LossManager.initFromSpec`: the
 * cGAN terms (BCE with logits) and G_L1 (Isola et al. 2017, section 4.2); 'extended' adds
 * G_L2, G_SOBEL and G_LAP. Call the losses with computeLossXY: G_GAN(D(fake), true),
 * G_L1(fake, real), D_real(D(real), true), D_fake(D(fake), false).
 */
export function pix2pixObjective(subspec: Pix2pixSubspec = 'basic', lambdas: Pix2pixLambdas = {}): Record<string, LMLoss> {
  if (!(PIX2PIX_SUBSPECS as readonly string[]).includes(subspec)) {
    throw new Error(`pix2pixObjective: unknown subspec "${subspec}"; valid: ${PIX2PIX_SUBSPECS.join(', ')}`);
  }
  if (subspec.includes('+vgg') && lambdas.vgg === undefined) {
    throw new Error(
      "pix2pixObjective: '+vgg' needs a feature network we cannot ship: pass { vgg: { model, layerWeights } } with a model you loaded",
    );
  }
  const { lambdaGan = 1, lambdaL1 = 100, lambdaL2 = 0, lambdaSobel = 0, lambdaLaplacian = 0, lambdaVgg = 10 } = lambdas;
  const bce = (isDisc: boolean) => new GANLoss({ gan_type: 'vanilla', is_disc: isDisc });
  const losses: Record<string, LMLoss> = {
    G_GAN: new LMLoss({ name: 'G_GAN', fn: bce(false), lossWeight: lambdaGan, tags: ['G'] }),
    G_L1: new LMLoss({ name: 'G_L1', fn: new L1Loss(), lossWeight: lambdaL1, tags: ['G'] }),
    D_real: new LMLoss({ name: 'D_real', fn: bce(true), tags: ['D'] }),
    D_fake: new LMLoss({ name: 'D_fake', fn: bce(true), tags: ['D'] }),
  };
  if (subspec.startsWith('extended')) {
    losses.G_L2 = new LMLoss({ name: 'G_L2', fn: new MSELoss(), lossWeight: lambdaL2, tags: ['G'] });
    losses.G_SOBEL = new LMLoss({ name: 'G_SOBEL', fn: new SobelLoss(), lossWeight: lambdaSobel, tags: ['G'] });
    losses.G_LAP = new LMLoss({ name: 'G_LAP', fn: new LaplacianLoss(), lossWeight: lambdaLaplacian, tags: ['G'] });
  }
  if (lambdas.vgg && subspec.includes('+vgg')) {
    const perceptual = new PerceptualLoss({ layer_weights: lambdas.vgg.layerWeights }, lambdas.vgg.model);
    losses.G_VGG = new LMLoss({ name: 'G_VGG', fn: perceptual, lossWeight: lambdaVgg, tags: ['G'] });
  }
  return losses;
}
