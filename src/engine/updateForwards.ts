// The forward passes a GAN update runs. An update differentiates one network's weights and
// nothing else, so each network's pass is told which gradients will be taken (fusedMlp skips
// the rest): in D's update, G's output is data (MMagic makes it under torch.no_grad()) and D's
// input needs no gradient; in G's update, D's weights need none and G's noise needs none.
// Networks that are not plain MLPs run the same pass in every case.
import type { Network } from '../manager';
import { trainingForward, type Forward } from './models/plainForward';
import type { GanNetworks } from './trainerTypes';

export type UpdateForwards = Readonly<Record<Network, Forward>>;

export function updateForwards({ generator, discriminator }: GanNetworks): Record<Network, UpdateForwards> {
  return {
    D: {
      G: trainingForward(generator, { weights: false, input: false }),
      D: trainingForward(discriminator, { weights: true, input: false }),
    },
    G: {
      G: trainingForward(generator, { weights: true, input: false }),
      D: trainingForward(discriminator, { weights: false, input: true }),
    },
  };
}
