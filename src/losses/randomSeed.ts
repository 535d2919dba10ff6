// Where the penalties' random draws (WGAN-GP's interpolation weights, path length's latents and
// noise) get their seeds. MMagic draws from torch's global generator, which a run seeds once; tfjs
// has no seedable global generator, so a trainer opens a seeded scope around each update and
// every draw inside takes the next seed of it. Outside a scope (a direct call), draws are
// unseeded, as before, unless the caller passes a seed.

let scope: { base: number; draws: number } | null = null;

/** Runs `fn` with the penalties' draws seeded from `seed`, in draw order. Synchronous `fn` only. */
export function withLossSeed<T>(seed: number, fn: () => T): T {
  const outer = scope;
  scope = { base: seed, draws: 0 };
  try {
    return fn();
  } finally {
    scope = outer;
  }
}

/** The seed for one random draw: the caller's own, else the next of the current scope, else none. */
export function nextLossSeed(explicit?: number): number | undefined {
  if (explicit !== undefined) return explicit;
  if (!scope) return undefined;
  // Distinct per draw; kept within the 31-bit range tfjs's seeded generators take well.
  return (scope.base + 2_654_435_761 * ++scope.draws) % 2_147_483_647;
}
