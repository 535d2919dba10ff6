import * as tf from '@tensorflow/tfjs';
import { DEFAULT_WASM_THREADS } from '../engine/wasm/threads';
import type { CliBackend } from './args';
import { CliError, EXIT } from './errors';

export const WASM_PACKAGE = '@tensorflow/tfjs-backend-wasm';

/** What the CLI needs of the engine's Node wasm setup (binaries from node_modules, training kernels). */
export interface WasmSetup {
  initNodeWasmBackend(threads?: number): void;
  /** The running wasm binary and threads ("threaded SIMD, 2 threads"). */
  describeWasmBackend(): string | null;
}

const MISSING_MODULE = new Set(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND']);

/**
 * Starts a tfjs backend in Node and names it for the run's first line ("wasm (SIMD, 1 thread)").
 * The wasm setup is imported only when asked for, so the CLI runs without tfjs-backend-wasm
 * installed, and asking for wasm then says how to add it.
 * @param loadWasm imports the engine's wasm setup @default import('../engine/wasm/node')
 * @param threads wasm's threads (> 1: the threaded SIMD binary) @default DEFAULT_WASM_THREADS
 */
export async function startBackend(
  name: CliBackend,
  loadWasm: () => Promise<WasmSetup> = () => import('../engine/wasm/node'),
  threads = DEFAULT_WASM_THREADS,
): Promise<string> {
  let wasm: WasmSetup | null = null;
  if (name === 'wasm') {
    let setup: WasmSetup;
    try {
      setup = await loadWasm();
    } catch (error) {
      const { code, message } = (error ?? {}) as NodeJS.ErrnoException;
      if (code === undefined || !MISSING_MODULE.has(code) || !String(message).includes(WASM_PACKAGE)) throw error;
      throw new CliError(
        EXIT.usage,
        `--backend wasm needs ${WASM_PACKAGE}, which is not installed; ` +
          `add it with \`npm install ${WASM_PACKAGE}@${tf.version_core}\`, or use --backend cpu`,
      );
    }
    setup.initNodeWasmBackend(threads);
    wasm = setup;
  }
  let started = false;
  try {
    started = await tf.setBackend(name);
  } catch (error) {
    throw new CliError(EXIT.failed, `the ${name} backend failed to start: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (!started) throw new CliError(EXIT.failed, `the ${name} backend failed to start`);
  await tf.ready();
  const binary = wasm?.describeWasmBackend();
  return binary ? `${name} (${binary})` : name;
}
