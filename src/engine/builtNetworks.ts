// What a run built, read back from tfjs itself (not from the settings), for the page to show:
// a field the engine ignored would show here as the default it used.
import type * as tf from '@tensorflow/tfjs';
import type { BuiltNetwork, NetworkName } from '../protocol/messages';

/** Units or filters of every dense and conv layer, nested models (pix2pix's blocks) walked too. */
function layerWidths(model: tf.LayersModel | tf.layers.Layer): number[] {
  const nested = (model as { layers?: tf.layers.Layer[] }).layers;
  if (nested) return nested.flatMap((layer) => layerWidths(layer));
  const config = model.getConfig() as { units?: unknown; filters?: unknown };
  const width = config.units ?? config.filters;
  return typeof width === 'number' ? [width] : [];
}

function optimizerConfig(optimizer: tf.Optimizer): Record<string, number | boolean> {
  const out: Record<string, number | boolean> = {};
  for (const [key, value] of Object.entries(optimizer.getConfig())) if (typeof value === 'number' || typeof value === 'boolean') out[key] = value;
  return out;
}

export function describeBuilt(networks: { generator: tf.LayersModel; discriminator: tf.LayersModel }, optimizer: (network: NetworkName) => tf.Optimizer): Record<NetworkName, BuiltNetwork> {
  const one = (model: tf.LayersModel, network: NetworkName): BuiltNetwork => ({
    params: model.countParams(),
    layers: layerWidths(model),
    optimizer: optimizer(network).getClassName(),
    optimizerConfig: optimizerConfig(optimizer(network)),
  });
  return { G: one(networks.generator, 'G'), D: one(networks.discriminator, 'D') };
}
