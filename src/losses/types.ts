import type { Tensor } from '@tensorflow/tfjs-core';

/** How an element-wise loss is reduced, as in PyTorch and MMagic. */
export const REDUCTIONS = ['none', 'mean', 'sum'] as const;
export type Reduction = (typeof REDUCTIONS)[number];

/** Any function from a batch tensor to the network's output; a LayersModel's `apply` will do. */
export type NetworkFn = (input: Tensor) => Tensor;

/**
 * MMagic's outputs dict: everything a model produced in one step (tensors, networks,
 * the iteration number, the batch size), from which `data_info` picks a loss's arguments.
 */
export type LossOutputs = Readonly<Record<string, unknown>>;

/** `data_info`: {argument name: key of the outputs object}. */
export type DataInfo = Readonly<Record<string, string>>;

/** A loss with its per-element map before reduction (batch-averaged), for heat maps. */
export interface LossWithMap {
  readonly loss: Tensor;
  /** The per-element loss averaged over the batch axis, or null when the loss has none. */
  readonly map: Tensor | null;
}

/** What every loss module built by the registry offers. */
export interface LossModule {
  /** The registry type it was built from, e.g. 'L1Loss'. */
  readonly type: string;
  /** The `data_info` mapping, or null when the module takes its arguments directly. */
  readonly dataInfo: DataInfo | null;
  /** MMagic's `loss_name()`: the key this loss gets in a losses record ('loss_gp', ...). */
  lossName(): string;
  /**
   * Computes the loss from an outputs object through `data_info`. Returns null on an
   * iteration the module skips (`interval > 1`).
   */
  forwardOutputs(outputs: LossOutputs): Tensor | null;
  /** `forwardOutputs`, with the per-element loss map where the loss has one. */
  forwardOutputsWithMap(outputs: LossOutputs): LossWithMap | null;
  /**
   * NectarGAN's two-input call: `x` and `y` become the loss's first two arguments (pred and
   * target; for GAN losses the prediction and whether the target is real).
   */
  forwardXYWithMap(x: Tensor, y: Tensor | boolean): LossWithMap;
  /** Frees any tensors the module keeps between calls. */
  dispose(): void;
  /**
   * The tensors a stateful module carries from call to call (GeneratorPathRegularizer's mean
   * path length), by name, so a checkpoint can save them; still owned by the module. Absent
   * on stateless modules.
   */
  getState?(): Record<string, Tensor>;
  /** Replaces that state with copies of `state` (the caller keeps its tensors); `{}` resets it. */
  setState?(state: Record<string, Tensor>): void;
}

/** Thrown for invalid configs, arguments or bindings; the message names what and where. */
export class LossConfigError extends Error {
  override readonly name = 'LossConfigError';
  /** The config option at fault, when one is (e.g. 'reduction' or 'data_info.pred'). */
  readonly field: string | undefined;

  constructor(message: string, field?: string) {
    super(message);
    this.field = field;
  }
}
