import * as tf from '@tensorflow/tfjs';
import type { CliBackend } from './args';
import { CliError, EXIT } from './errors';

export const WASM_PACKAGE = '@tensorflow/tfjs-backend-wasm';

/** What the CLI needs of the engine's Node wasm setup (binaries from node_modules, training kernels). */
export interface WasmSetup {
  initNodeWasmBackend(): void;
}

const MISSING_MODULE = new Set(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND']);

/**
 * Starts a tfjs backend in Node. The wasm setup is imported only when asked for, so the CLI
 * runs without tfjs-backend-wasm installed, and asking for wasm then says how to add it.
 * @param loadWasm imports the engine's wasm setup @default import('../engine/wasm/node')
 */
export async function startBackend(name: CliBackend, loadWasm: () => Promise<WasmSetup> = () => import('../engine/wasm/node')): Promise<void> {
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
    setup.initNodeWasmBackend();
  }
  let started = false;
  try {
    started = await tf.setBackend(name);
  } catch (error) {
    throw new CliError(EXIT.failed, `the ${name} backend failed to start: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (!started) throw new CliError(EXIT.failed, `the ${name} backend failed to start`);
  await tf.ready();
}
