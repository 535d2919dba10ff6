import type * as tf from '@tensorflow/tfjs';

/**
 * FLOPs per forward pass per sample, from layer shapes: 2 x the multiply-adds of dense,
 * conv2d and conv2dTranspose, which hold nearly all of a GAN's arithmetic. Biases,
 * activations, normalization and concatenation are element-wise and left out, as
 * fvcore and the papers' "FLOPs" leave them out.
 */

/** Every dim after the batch axis, which must be known. */
function known(shape: readonly (number | null)[], layer: tf.layers.Layer): number[] {
  const dims = shape.slice(1);
  if (!dims.every((d): d is number => typeof d === 'number')) {
    throw new Error(`countFlops: layer "${layer.name}" has an unknown dimension in [${shape.join(', ')}]`);
  }
  return dims;
}

function singleShape(shape: tf.Shape | tf.Shape[] | undefined): tf.Shape {
  if (shape === undefined) return [];
  return (Array.isArray(shape[0]) ? shape[0] : shape) as tf.Shape;
}

/** The shape of the layer's (first) input; our layers are each called once. */
const inputShape = (layer: tf.layers.Layer) => singleShape(layer.inboundNodes[0]?.inputShapes);

const product = (xs: readonly number[]) => xs.reduce((a, b) => a * b, 1);

/**
 * One layer's FLOPs per sample. Each kernel element is used once per "position": per
 * output pixel for conv2d, per input pixel for conv2dTranspose (each scatters a k x k x Cout
 * patch), per leading element for dense.
 */
export function layerFlops(layer: tf.layers.Layer): number {
  // A model used as a layer counts its own layers.
  const nested = (layer as { layers?: tf.layers.Layer[] }).layers;
  if (Array.isArray(nested)) return nested.reduce((sum, inner) => sum + layerFlops(inner), 0);
  const kernelWeight = layer.weights.find((w) => /kernel$/.test(w.name));
  const kernel = kernelWeight && known([null, ...kernelWeight.shape], layer);
  switch (layer.getClassName()) {
    case 'Dense':
      return 2 * product(known(inputShape(layer), layer).slice(0, -1)) * product(kernel ?? []);
    case 'Conv2D':
      return 2 * product(known(singleShape(layer.outputShape), layer).slice(0, 2)) * product(kernel ?? []);
    case 'Conv2DTranspose':
      return 2 * product(known(inputShape(layer), layer).slice(0, 2)) * product(kernel ?? []);
  }
  // An unknown layer with a kernel (depthwise conv, conv1d, ...) has real cost we do not
  // count: fail rather than report an estimate that is silently low.
  if (kernel) throw new Error(`countFlops: no FLOP rule for layer "${layer.name}" (${layer.getClassName()})`);
  return 0;
}

/** FLOPs per sample of each layer that has any, in the model's layer order. */
export function flopsByLayer(model: tf.LayersModel): { layer: string; className: string; flops: number }[] {
  return model.layers
    .map((layer) => ({ layer: layer.name, className: layer.getClassName(), flops: layerFlops(layer) }))
    .filter((row) => row.flops > 0);
}

/** FLOPs (2 x multiply-adds) of one forward pass of one sample. */
export function countFlops(model: tf.LayersModel): number {
  return model.layers.reduce((sum, layer) => sum + layerFlops(layer), 0);
}

/** "1.23 MFLOP" and the like, for describe(). */
export function formatFlops(flops: number): string {
  const units: [number, string][] = [
    [1e9, 'GFLOP'],
    [1e6, 'MFLOP'],
    [1e3, 'kFLOP'],
  ];
  for (const [scale, unit] of units) if (flops >= scale) return `${(flops / scale).toFixed(2)} ${unit}`;
  return `${flops} FLOP`;
}
