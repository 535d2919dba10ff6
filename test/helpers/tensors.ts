import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';

/** Reads a tensor back (tests only: the app never reads back per step). */
export async function values(t: tf.Tensor): Promise<number[]> {
  return Array.from(await t.data());
}

export async function scalarOf(t: tf.Tensor): Promise<number> {
  expect(t.shape).toEqual([]);
  const [v] = await values(t);
  return v as number;
}

/** Asserts each value within `tol` (absolute) of the expected one. */
export async function expectValues(t: tf.Tensor, expected: readonly number[], tol = 1e-6): Promise<void> {
  const actual = await values(t);
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(a, `element ${i}`).toBeCloseTo(expected[i] as number, -Math.log10(tol) - 0.3));
}

export async function expectScalar(t: tf.Tensor, expected: number, tol = 1e-6): Promise<void> {
  const actual = await scalarOf(t);
  expect(Math.abs(actual - expected), `got ${actual}, expected ${expected}`).toBeLessThanOrEqual(tol);
}

/**
 * Runs `fn` outside any tidy and asserts that disposing what it returns brings the tensor
 * count back to where it was: it leaked no intermediate.
 */
export async function expectNoLeak<T>(
  fn: () => T | Promise<T>,
  check?: (result: T) => void | Promise<void>,
): Promise<void> {
  const before = tf.memory().numTensors;
  const result = await fn();
  if (check) await check(result);
  tf.dispose(result as tf.TensorContainer);
  expect(tf.memory().numTensors).toBe(before);
}
