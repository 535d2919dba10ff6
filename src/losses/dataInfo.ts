import { Tensor } from '@tensorflow/tfjs-core';
import type { ArgSpec } from './argSpec';
import { LossConfigError, type DataInfo, type LossOutputs, type NetworkFn } from './types';

export type { ArgKind, ArgSpec } from './argSpec';

/** A network given as a function, or as an object with `apply` (a tfjs LayersModel). */
export type Network = NetworkFn | { apply(input: Tensor): unknown };

/** The network as a function of a batch, or null when `value` is not a network. */
export function asNetwork(value: unknown): NetworkFn | null {
  if (typeof value === 'function') return value as NetworkFn;
  if (value !== null && typeof value === 'object' && typeof (value as { apply?: unknown }).apply === 'function') {
    const model = value as { apply(x: Tensor): unknown };
    return (x) => {
      const out = model.apply(x);
      if (!(out instanceof Tensor)) throw new LossConfigError('the network returned more than one tensor');
      return out;
    };
  }
  return null;
}

function describe(value: unknown): string {
  if (value instanceof Tensor) return `a tensor of shape [${value.shape.join(', ')}]`;
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

function check(label: string, spec: ArgSpec, key: string, value: unknown): unknown {
  const fail = (expected: string): never => {
    throw new LossConfigError(
      `${label}: argument "${spec.name}" (outputs["${key}"]) must be ${expected}, got ${describe(value)}`,
    );
  };
  switch (spec.kind) {
    case 'tensor':
      return value instanceof Tensor ? value : fail('a tensor');
    case 'network':
      // Passed through as given: a model object may carry more than `apply` (its input shape).
      return asNetwork(value) ? value : fail('a network (a function of a batch, or a model with apply)');
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? value : fail('a finite number');
    case 'boolean':
      return typeof value === 'boolean' ? value : fail('a boolean');
  }
}

/** Reads `key` from the outputs object, naming the keys that exist when it is missing. */
export function readOutput(label: string, outputs: LossOutputs, key: string, arg: string): unknown {
  if (outputs === null || typeof outputs !== 'object') {
    throw new LossConfigError(`${label}: expected an outputs object to pick "${arg}" from, got ${describe(outputs)}`);
  }
  // Own keys only: an outputs key "toString" is missing, not Object.prototype's function.
  if (!Object.hasOwn(outputs, key)) {
    const keys = Object.keys(outputs);
    throw new LossConfigError(
      `${label}: data_info maps "${arg}" to outputs key "${key}", which is missing; the outputs have: ${keys.length > 0 ? keys.join(', ') : '(no keys)'}`,
    );
  }
  return outputs[key];
}

/** MMagic's binding: {argument: outputs[data_info[argument]]}, each value checked for its kind. */
export function bindArgs(
  label: string,
  dataInfo: DataInfo,
  outputs: LossOutputs,
  args: readonly ArgSpec[],
): Record<string, unknown> {
  const bound: Record<string, unknown> = {};
  for (const spec of args) {
    const key = dataInfo[spec.name];
    if (key === undefined) continue;
    bound[spec.name] = check(label, spec, key, readOutput(label, outputs, key, spec.name));
  }
  return bound;
}

/**
 * Lazy regularization: with `interval > 1` a loss runs only when `outputs.iteration` is a
 * multiple of it. The iteration must then be in the outputs.
 */
export function skipsIteration(label: string, interval: number, outputs: LossOutputs): boolean {
  if (interval <= 1) return false;
  const iteration = readOutput(label, outputs, 'iteration', 'iteration');
  if (typeof iteration !== 'number' || !Number.isInteger(iteration)) {
    throw new LossConfigError(`${label}: outputs["iteration"] must be an integer, got ${describe(iteration)}`);
  }
  return iteration % interval !== 0;
}
