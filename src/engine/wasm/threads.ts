// How many wasm threads: the default and the bounds, and a thread count as a person types it
// (`?threads=`, `--threads`). tfjs-free, so it is cheap to import and to test.

/**
 * The most threads: tfjs-backend-wasm's threaded build starts a pool of 8 workers when it
 * loads; a thread past the pool would have to be started from inside a kernel, where the
 * calling thread cannot yield for the new worker to load.
 */
export const MAX_WASM_THREADS = 8;

/**
 * Threads when none are asked for: one, the single-threaded SIMD binary. Measured here (Node,
 * 2 shared cores, README "wasm threads"): the threaded binary at 2 threads trained the toy
 * GAN 3x slower, also per CPU-second (XNNPACK's pool wakes and spins for every small op), and
 * DCGAN and pix2pix no faster, so threads are asked for (?threads=, --threads), not assumed.
 */
export const DEFAULT_WASM_THREADS = 1;

/** A typed thread count: a whole number from 1 to MAX_WASM_THREADS, or why not. */
export function parseWasmThreads(raw: string, where: string): { threads: number } | { problem: string } {
  const n = /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (Number.isInteger(n) && n >= 1 && n <= MAX_WASM_THREADS) return { threads: n };
  return { problem: `${where} must be a whole number from 1 to ${MAX_WASM_THREADS}, got ${JSON.stringify(raw.slice(0, 20))}` };
}
