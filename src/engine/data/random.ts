/**
 * A small seedable PRNG, so a dataset draws the same batches in a Worker, in Node and on the
 * next visit. `Math.random` cannot be seeded; tfjs's own seeded ops would tie the typed-array
 * generators (and their tests) to a backend.
 */

export interface Random {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box-Muller). */
  normal(): number;
}

/**
 * mulberry32 (Tommy Ettinger's): one uint32 of state, period 2^32; not for cryptography, plenty
 * for drawing training batches. Any number is a valid seed; it is reduced to a uint32, so seeds 1
 * and 2^32 + 1 give the same stream.
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  // Box-Muller makes two normals per pair of uniforms; keeping the second halves the cost.
  let spare: number | null = null;
  return {
    uniform,
    range: (lo, hi) => lo + (hi - lo) * uniform(),
    int: (n) => Math.floor(uniform() * n),
    normal() {
      if (spare !== null) {
        const value = spare;
        spare = null;
        return value;
      }
      const r = Math.sqrt(-2 * Math.log(1 - uniform())); // 1 - u is in (0, 1]: never log(0)
      const theta = 2 * Math.PI * uniform();
      spare = r * Math.sin(theta);
      return r * Math.cos(theta);
    },
  };
}

/**
 * Draws indices 0..n-1 in shuffled passes (Fisher-Yates, reshuffled each pass): every item is
 * seen once per epoch, which sampling with replacement does not promise for a small set.
 */
export function epochSampler(n: number, rng: Random): () => number {
  const order = Array.from({ length: n }, (_, i) => i);
  let next = n;
  return () => {
    if (next === n) {
      for (let i = n - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      next = 0;
    }
    return order[next++]!;
  };
}

/** Uniforms a held-out stream may draw before it would reach the training stream's first state. */
export const HELD_OUT_DRAWS = 2 ** 24;

/**
 * A seed whose mulberry32 stream is the training stream of `seed` run back HELD_OUT_DRAWS
 * states: mulberry32 steps its state by a constant, so the two streams share no state while
 * the held-out one draws fewer than 2^24 uniforms and the training one fewer than 2^32 - 2^24.
 * An evaluation set drawn from it is disjoint from every training draw by construction.
 */
export function heldOutSeed(seed: number): number {
  return ((seed >>> 0) - Math.imul(HELD_OUT_DRAWS, 0x6d2b79f5)) >>> 0;
}
