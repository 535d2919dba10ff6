// The models' choices as plain lists, without tfjs: configs are checked on the page too
// (src/protocol/runSettings.ts), which never loads tfjs. layers.ts builds the layers.

/**
 * Activations the playground offers. Each has a gradient tfjs can differentiate again, which
 * R1, WGAN-GP and the path length penalty need (src/losses/secondOrder.ts); ELU, SELU and
 * softplus are left out because tfjs has no gradient for EluGrad and friends.
 */
export const ACTIVATIONS = ['relu', 'leakyRelu', 'tanh', 'sigmoid'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/** Generator normalization: batch norm as in DCGAN, or none. */
export const G_NORMS = ['batch', 'none'] as const;
export type GeneratorNorm = (typeof G_NORMS)[number];

/**
 * Discriminator normalization. Batch norm is offered because it was measured: R1 and WGAN-GP
 * through a D with batch norm in training mode give the weights the gradient finite
 * differences give (relative error 7.4e-5 and 8.2e-5, against 6.6e-5 and 3.6e-4 with no
 * normalization; test/engine/models/normPenalty.test.ts). It is still not the default: with
 * batch statistics D's output for one sample depends on the whole batch, so the "per-sample"
 * input gradient of R1 and GP becomes the batch function's (WGAN-GP, section 4), and real and
 * fake batches are normalized apart. 'layer' normalizes each sample alone, as WGAN-GP
 * recommends; 'none' is StyleGAN2's and WGAN-GP's practice. A batch-norm D must be called
 * with apply(x, { training: true }) in training steps and penalties (trainingNetwork).
 */
export const D_NORMS = ['batch', 'layer', 'none'] as const;
export type DiscriminatorNorm = (typeof D_NORMS)[number];
