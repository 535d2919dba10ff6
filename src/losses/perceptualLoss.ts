import * as tf from '@tensorflow/tfjs-core';
import type { GradSaveFunc, io, Tensor } from '@tensorflow/tfjs-core';
// tfjs-layers, through the tfjs package we depend on: the feature network is a LayersModel.
import { loadLayersModel, model as functionalModel, type LayersModel, type SymbolicTensor } from '@tensorflow/tfjs';
import { assertSameShape, BaseLoss } from './baseLoss';
import { userModelMessage } from './catalog/entry';
import {
  PERCEPTUAL_ARGS,
  PERCEPTUAL_SCHEMA,
  type PerceptualCriterion,
  type PerceptualLossConfig,
} from './catalog/perceptual';
import { parseConfig } from './config';
import { LossConfigError } from './types';

export { PERCEPTUAL_CRITERIA } from './catalog/perceptual';
export type { PerceptualCriterion, PerceptualLossConfig } from './catalog/perceptual';

/** torchvision's ImageNet statistics for images in [0, 1], as MMagic's PerceptualVGG uses them. */
const IMAGENET_MEAN = [0.485, 0.456, 0.406];
const IMAGENET_STD = [0.229, 0.224, 0.225];

/** MMagic's `(percep_loss, style_loss)`: each already times its weight, null when that weight is 0. */
export interface PerceptualParts {
  readonly percep: Tensor | null;
  readonly style: Tensor | null;
}

/**
 * The identity with a zero gradient: MMagic's `gt.detach()`. tfjs 4.22 has no stopGradient,
 * and its customGrad records the whole function as one tape node, so nothing inside leaks a
 * gradient either.
 */
const stopGradient = tf.customGrad((...[x]: Array<Tensor | GradSaveFunc>) => ({
  value: tf.clone(x as Tensor),
  gradFunc: (dy: Tensor) => tf.zerosLike(dy),
})) as (x: Tensor) => Tensor;

/**
 * ||d||_F over all elements (batch included), as BasicSR's `torch.norm(d, p='fro')`. Its
 * gradient d / ||d|| is taken as 0 at d = 0, as PyTorch does, where sqrt's would be NaN.
 */
const frobeniusNorm = tf.customGrad((...[d, save]: Array<Tensor | GradSaveFunc>) => {
  const diff = d as Tensor;
  const norm = tf.sqrt(tf.sum(tf.square(diff)));
  (save as GradSaveFunc)([diff, norm]);
  return {
    value: norm,
    gradFunc: (dy: Tensor, [saved, n]: Tensor[]) => tf.mul(dy, tf.divNoNan(saved as Tensor, n as Tensor)),
  };
}) as (d: Tensor) => Tensor;

const CRITERIA: Readonly<Record<PerceptualCriterion, (a: Tensor, b: Tensor) => Tensor>> = {
  l1: (a, b) => tf.mean(tf.abs(tf.sub(a, b))),
  mse: (a, b) => tf.mean(tf.squaredDifference(a, b)),
  fro: (a, b) => frobeniusNorm(tf.sub(a, b)),
};

/**
 * Gram matrix of channels-last features [n, ...spatial, c]: [n, c, c], divided by c * h * w
 * as in MMagic's `_gram_mat`.
 */
export function gramMatrix(features: Tensor): Tensor {
  return tf.tidy(() => {
    const n = features.shape[0] ?? 1;
    const c = features.shape[features.rank - 1] ?? 1;
    const spatial = features.size / (n * c);
    const flat = tf.reshape(features, [n, spatial, c]);
    return tf.div(tf.matMul(flat, flat, true, false), c * spatial);
  });
}

function isLayersModel(value: unknown): value is LayersModel {
  const m = value as Partial<LayersModel> | null;
  return typeof m === 'object' && m !== null && typeof m.getLayer === 'function' && Array.isArray(m.layers);
}

/**
 * MMagic's PerceptualLoss (and NectarGAN's VGGPerceptual) on a feature network the user
 * supplies, since VGG weights cannot be shipped or downloaded: features of `pred` and
 * `target` at named layers of the model, compared per layer with the criterion and weighted,
 * plus an optional style term on their Gram matrices:
 *
 *   loss_weight * (perceptual_weight * sum_k w_k * crit(F_k(pred), F_k(target))
 *                + style_weight * sum_k s_k * crit(G(F_k(pred)), G(F_k(target))))
 *
 * Target features carry no gradient (MMagic detaches gt). The feature network's own weights
 * do get gradients along the pred path if something differentiates with respect to them:
 * train with an explicit var list (the generator's weights), or set `model.trainable = false`.
 */
export class PerceptualLoss extends BaseLoss {
  readonly layerWeights: Readonly<Record<string, number>>;
  readonly layerWeightsStyle: Readonly<Record<string, number>>;
  readonly perceptualWeight: number;
  readonly styleWeight: number;
  readonly criterion: PerceptualCriterion;
  readonly normImg: boolean;
  readonly useInputNorm: boolean;
  readonly lossWeight: number;
  /** One model from the network's input to every layer a term uses; shares the user's layers. */
  private extractor: LayersModel | null;
  private readonly featureNames: readonly string[];

  /**
   * @param config MMagic's keys: layer_weights (required), perceptual_weight, style_weight,
   *   criterion, norm_img, use_input_norm, plus loss_weight, data_info, interval, loss_name.
   * @param model The feature network (a tfjs LayersModel with one input); never disposed here.
   */
  constructor(config: PerceptualLossConfig, model: LayersModel) {
    const type = 'PerceptualLoss';
    const c = parseConfig(type, PERCEPTUAL_SCHEMA, config);
    super({ type, lossName: c.loss_name, dataInfo: c.data_info, interval: c.interval, args: PERCEPTUAL_ARGS });
    if (c.perceptual_weight === 0 && c.style_weight === 0) {
      throw new LossConfigError(`${this.label}: perceptual_weight and style_weight are both 0, so the loss is always 0`, 'perceptual_weight');
    }
    this.layerWeights = c.layer_weights;
    this.layerWeightsStyle = c.layer_weights_style ?? c.layer_weights;
    this.perceptualWeight = c.perceptual_weight;
    this.styleWeight = c.style_weight;
    this.criterion = c.criterion;
    this.normImg = c.norm_img;
    this.useInputNorm = c.use_input_norm;
    this.lossWeight = c.loss_weight;

    if (!isLayersModel(model)) {
      throw new LossConfigError(`${this.label}: the feature network must be a tfjs LayersModel: new PerceptualLoss(config, model)`, 'model');
    }
    this.checkLayerNames(model, 'layer_weights', this.layerWeights);
    this.checkLayerNames(model, 'layer_weights_style', this.layerWeightsStyle);
    const used = new Set<string>();
    if (this.perceptualWeight > 0) Object.keys(this.layerWeights).forEach((name) => used.add(name));
    if (this.styleWeight > 0) Object.keys(this.layerWeightsStyle).forEach((name) => used.add(name));
    this.featureNames = [...used];
    this.extractor = this.buildExtractor(model);
  }

  private checkLayerNames(model: LayersModel, field: string, weights: Readonly<Record<string, number>>): void {
    const names = model.layers.map((layer) => layer.name);
    const unknown = Object.keys(weights).filter((name) => !names.includes(name));
    if (unknown.length > 0) {
      throw new LossConfigError(
        `${this.label}: option "${field}": no layer named ${unknown.map((n) => `"${n}"`).join(', ')} in the feature network; its layers are: ${names.join(', ')}`,
        field,
      );
    }
  }

  private buildExtractor(model: LayersModel): LayersModel {
    const inputs = model.inputs ?? [];
    if (inputs.length !== 1) {
      throw new LossConfigError(`${this.label}: the feature network must have one input (a built model), it has ${inputs.length}`, 'model');
    }
    const outputs = this.featureNames.map((name) => {
      let output: SymbolicTensor | SymbolicTensor[];
      try {
        output = model.getLayer(name).output;
      } catch (error) {
        // A layer called more than once (shared) has no single output to read.
        throw new LossConfigError(`${this.label}: layer "${name}" has no single output: ${(error as Error).message}`, 'layer_weights');
      }
      if (Array.isArray(output)) {
        throw new LossConfigError(`${this.label}: layer "${name}" has ${output.length} outputs; pick a layer with one`, 'layer_weights');
      }
      return output;
    });
    return functionalModel({ inputs, outputs, name: `${model.name}_perceptual_features` });
  }

  /** The total: `loss_weight * (percep + style)`, the terms as in `forwardParts`. */
  forward(pred: Tensor, target: Tensor): Tensor {
    return tf.tidy(() => {
      const { percep, style } = this.forwardParts(pred, target);
      const total = percep && style ? tf.add(percep, style) : ((percep ?? style) as Tensor);
      return tf.mul(total, this.lossWeight);
    });
  }

  /**
   * MMagic's `forward`: `(percep_loss, style_loss)`, each times its own weight (not
   * loss_weight), null when that weight is 0.
   */
  forwardParts(pred: Tensor, target: Tensor): PerceptualParts {
    assertSameShape(this.label, pred, target, ['pred', 'target']);
    const extractor = this.extractor;
    if (extractor === null) throw new LossConfigError(`${this.label}: used after dispose()`);
    const parts = tf.tidy(() => {
      const predFeatures = this.features(extractor, pred);
      const targetFeatures = this.features(extractor, target);
      for (const name of this.featureNames) targetFeatures[name] = stopGradient(targetFeatures[name] as Tensor);
      const term = (weights: Readonly<Record<string, number>>, termWeight: number, transform: (f: Tensor) => Tensor) => {
        if (termWeight <= 0) return undefined;
        const criterion = CRITERIA[this.criterion];
        const perLayer = Object.entries(weights).map(([name, w]) =>
          tf.mul(criterion(transform(predFeatures[name] as Tensor), transform(targetFeatures[name] as Tensor)), w),
        );
        return tf.mul(tf.addN(perLayer), termWeight);
      };
      return {
        percep: term(this.layerWeights, this.perceptualWeight, (f) => f),
        style: term(this.layerWeightsStyle, this.styleWeight, gramMatrix),
      };
    });
    return { percep: parts.percep ?? null, style: parts.style ?? null };
  }

  /** Features by layer name, after the optional range and ImageNet normalization. */
  private features(extractor: LayersModel, images: Tensor): Record<string, Tensor> {
    let x = images;
    if (this.normImg) x = tf.mul(tf.add(x, 1), 0.5);
    if (this.useInputNorm) {
      const channels = x.shape[x.rank - 1];
      if (channels !== 3) {
        throw new LossConfigError(
          `${this.label}: use_input_norm needs RGB images (3 channels last), got shape [${x.shape.join(', ')}]`,
          'use_input_norm',
        );
      }
      x = tf.div(tf.sub(x, tf.tensor1d(IMAGENET_MEAN)), tf.tensor1d(IMAGENET_STD));
    }
    const out = extractor.apply(x, { training: false }) as Tensor | Tensor[];
    const list = Array.isArray(out) ? out : [out];
    return Object.fromEntries(this.featureNames.map((name, i) => [name, list[i] as Tensor]));
  }

  protected fromArgs(args: Record<string, unknown>): Tensor {
    return this.forward(args.pred as Tensor, args.target as Tensor);
  }

  /**
   * Forgets the feature extractor. It is not disposed: it shares the user's layers, and a
   * LayersModel's dispose() would dispose their weights, breaking the user's model.
   */
  override dispose(): void {
    this.extractor = null;
  }
}

/**
 * The registry's factory: a JSON config cannot carry the feature network, so it validates
 * the options and says how to build the loss instead.
 */
export function perceptualLossFromJson(config: unknown): never {
  parseConfig('PerceptualLoss', PERCEPTUAL_SCHEMA, config);
  throw new LossConfigError(userModelMessage('PerceptualLoss'), 'model');
}

/**
 * Loads a feature network saved by tfjs (model.json topology plus weights), from memory
 * (`{modelTopology, weightSpecs, weightData}`) or from any tfjs IOHandler, such as the page's
 * `tf.io.browserFiles([modelJson, ...weightFiles])`.
 */
export function loadFeatureModel(source: io.ModelArtifacts | io.IOHandler): Promise<LayersModel> {
  const handler = 'load' in source && typeof source.load === 'function' ? (source as io.IOHandler) : tf.io.fromMemory(source as io.ModelArtifacts);
  return loadLayersModel(handler);
}
