import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { bindingProblems, type ArgSpec } from './argSpec';
import { bindArgs, skipsIteration } from './dataInfo';
import { LossConfigError, type DataInfo, type LossModule, type LossOutputs, type LossWithMap } from './types';

export interface BaseLossOptions {
  readonly type: string;
  readonly lossName: string;
  readonly dataInfo: DataInfo | null;
  readonly interval?: number;
  /** The loss's arguments, in the order its `forward` takes them. */
  readonly args: readonly ArgSpec[];
  /** Arguments a config option can stand in for when data_info does not map them. */
  readonly suppliedByConfig?: readonly string[];
}

/**
 * What MMagic's loss modules share: `loss_name()`, the `data_info` binding from an outputs
 * object to the loss's arguments, and lazy `interval`s. Subclasses implement `fromArgs`.
 */
export abstract class BaseLoss implements LossModule {
  readonly type: string;
  readonly dataInfo: DataInfo | null;
  readonly interval: number;
  readonly args: readonly ArgSpec[];
  private readonly name: string;

  protected constructor(options: BaseLossOptions) {
    this.type = options.type;
    this.name = options.lossName;
    this.dataInfo = options.dataInfo;
    this.interval = options.interval ?? 1;
    this.args = options.args;
    const [problem] = bindingProblems(this.label, this.dataInfo, this.interval, this.args, options.suppliedByConfig);
    if (problem !== undefined) throw new LossConfigError(problem);
  }

  /** How errors name this module: its type and loss name. */
  get label(): string {
    return `${this.type} (${this.name})`;
  }

  lossName(): string {
    return this.name;
  }

  forwardOutputs(outputs: LossOutputs): Tensor | null {
    const args = this.bindOutputs(outputs);
    return args === null ? null : this.fromArgs(args);
  }

  forwardOutputsWithMap(outputs: LossOutputs): LossWithMap | null {
    const args = this.bindOutputs(outputs);
    return args === null ? null : this.fromArgsWithMap(args);
  }

  forwardXYWithMap(x: Tensor, y: Tensor | boolean): LossWithMap {
    const [first, second] = this.args;
    if (first?.kind !== 'tensor' || second === undefined || second.kind === 'network') {
      throw new LossConfigError(`${this.label}: does not take two inputs (x, y); its arguments are ${this.args.map((a) => a.name).join(', ')}`);
    }
    return this.fromArgsWithMap({ [first.name]: x, [second.name]: y });
  }

  /** The loss with its per-element map; losses without one return the loss alone. */
  protected fromArgsWithMap(args: Record<string, unknown>): LossWithMap {
    return { loss: this.fromArgs(args), map: null };
  }

  private bindOutputs(outputs: LossOutputs): Record<string, unknown> | null {
    if (this.dataInfo === null) {
      throw new LossConfigError(
        `${this.label}: has no data_info, so it cannot pick its arguments from an outputs object; give data_info in its config or call forward() with its arguments`,
      );
    }
    if (skipsIteration(this.label, this.interval, outputs)) return null;
    return bindArgs(this.label, this.dataInfo, outputs, this.args);
  }

  /** Computes the loss from arguments keyed by name (as bound from data_info). */
  protected abstract fromArgs(args: Record<string, unknown>): Tensor;

  dispose(): void {}
}

/** Averages a per-element loss over the batch (first) axis, for a heat map of one "sample". */
export function batchMean(elementwise: Tensor): Tensor {
  return elementwise.rank === 0 ? elementwise : tf.mean(elementwise, 0);
}

/** Throws unless two tensors have the same shape (a silent broadcast hides real bugs). */
export function assertSameShape(label: string, a: Tensor, b: Tensor, names: [string, string]): void {
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new LossConfigError(
      `${label}: ${names[0]} shape [${a.shape.join(', ')}] differs from ${names[1]} shape [${b.shape.join(', ')}]`,
    );
  }
}
