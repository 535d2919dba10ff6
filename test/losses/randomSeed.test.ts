import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { gradientPenaltyLoss, nextLossSeed, withLossSeed } from '../../src/losses';

describe('the penalties\' seeded draws', () => {
  it('give each draw in a scope its own seed, the same for the same scope seed, none outside', () => {
    const first = withLossSeed(42, () => [nextLossSeed(), nextLossSeed()]);
    expect(first[0]).not.toBe(first[1]);
    expect(withLossSeed(42, () => [nextLossSeed(), nextLossSeed()])).toEqual(first);
    expect(withLossSeed(43, () => nextLossSeed())).not.toBe(first[0]);
    expect(nextLossSeed()).toBeUndefined();
    // A caller's own seed always wins; scopes nest and end.
    expect(withLossSeed(42, () => nextLossSeed(7))).toBe(7);
    expect(withLossSeed(1, () => [withLossSeed(42, () => nextLossSeed()), nextLossSeed()])).toEqual([first[0], withLossSeed(1, () => nextLossSeed())]);
  });

  it("make WGAN-GP's interpolation, and so its value, repeat under the same scope seed", async () => {
    // A critic whose input gradient depends on where it is evaluated: D(x) = sum(x^2).
    const critic = (x: tf.Tensor) => tf.sum(tf.square(x), [1, 2, 3]);
    const real = tf.ones([4, 2, 2, 1]);
    const fake = tf.zeros([4, 2, 2, 1]);
    const gp = async (seed: number) => {
      const loss = withLossSeed(seed, () => gradientPenaltyLoss(critic, real, fake));
      const value = await loss.data();
      loss.dispose();
      return value;
    };
    const [a, b, c] = await Promise.all([gp(5), gp(5), gp(6)]);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    tf.dispose([real, fake]);
  });
});
