// Node-only: finds the wasm binaries in node_modules, for the CLI and the tests.
import { createRequire } from 'node:module';
import path from 'node:path';
import { initWasmBackend } from './setup';

/** The folder of tfjs-backend-wasm's binaries, with a trailing separator (setWasmPaths adds the name). */
export function nodeWasmFolder(): string {
  const main = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
  return path.dirname(main) + path.sep;
}

/** initWasmBackend for Node: binaries read from node_modules, never fetched. */
export function initNodeWasmBackend(): void {
  initWasmBackend({ wasmPaths: nodeWasmFolder(), threads: false });
}
