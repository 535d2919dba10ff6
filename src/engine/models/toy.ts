import * as tf from '@tensorflow/tfjs';
import { activationLayer, SeedStream } from './layers';
import type { ResolvedToyConfig } from './toyConfig';

export { resolveToyConfig, TOY_NOISES, TOY_OUTPUTS } from './toyConfig';
export type { ResolvedToyConfig, ToyConfig } from './toyConfig';

interface Mlp {
  readonly layers: number;
  readonly units: number;
  readonly activation: ResolvedToyConfig['activation'];
}

function mlp(inputDim: number, outputDim: number, c: Mlp, seeds: SeedStream, last: 'tanh' | 'linear', name: string) {
  const model = tf.sequential({ name });
  for (let i = 0; i < c.layers; i++) {
    model.add(
      tf.layers.dense({
        ...(i === 0 ? { inputShape: [inputDim] } : {}),
        units: c.units,
        kernelInitializer: seeds.lecun(),
      }),
    );
    model.add(activationLayer(c.activation));
  }
  model.add(tf.layers.dense({ units: outputDim, kernelInitializer: seeds.lecun() }));
  if (last === 'tanh') model.add(tf.layers.activation({ activation: 'tanh' }));
  return model;
}

/** Generator [N, noiseDim] -> [N, 2]; discriminator [N, 2] -> [N, 1] logits. */
export function buildToy(c: ResolvedToyConfig): { generator: tf.LayersModel; discriminator: tf.LayersModel } {
  // Separate streams so resizing the generator leaves the discriminator's weights alone.
  const g = { layers: c.gLayers, units: c.gUnits, activation: c.activation };
  const d = { layers: c.dLayers, units: c.dUnits, activation: c.activation };
  const generator = mlp(c.noiseDim, 2, g, new SeedStream(c.seed * 2), c.output, 'toy_generator');
  const discriminator = mlp(2, 1, d, new SeedStream(c.seed * 2 + 1), 'linear', 'toy_discriminator');
  return { generator, discriminator };
}
