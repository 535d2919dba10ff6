// Node-only: finds the wasm binaries in node_modules, for the CLI and the tests.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { initWasmBackend } from './setup';

export { describeWasmBackend } from './setup';
import type { ThreadedWasmFiles } from './threaded';

const require = createRequire(import.meta.url);

/** The folder of tfjs-backend-wasm's binaries, with a trailing separator (setWasmPaths adds the name). */
export function nodeWasmFolder(): string {
  const main = require.resolve('@tensorflow/tfjs-backend-wasm');
  return path.dirname(main) + path.sep;
}

/**
 * The threaded build's files in node_modules. emscripten's pthread worker script is shipped
 * only as a string (wasm-out/*.worker.js exports it); worker_threads needs a file, and a
 * CommonJS one (it calls `require`), so it is written once as a .cjs file under
 * node_modules/.cache, under a temporary name and renamed, so two processes never read half.
 */
export function nodeThreadedFiles(): ThreadedWasmFiles {
  const out = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'wasm-out');
  const workerScript = path.join(out, '../../../.cache/gan-loss-playground/tfjs-backend-wasm-threaded-simd.worker.cjs');
  const { wasmWorkerContents } = require(path.join(out, 'tfjs-backend-wasm-threaded-simd.worker.js')) as { wasmWorkerContents: string };
  // As tfjs-backend-wasm makes its blob: the string's newlines stand for the two characters \n.
  const text = wasmWorkerContents.replace(/\n/g, '\\n');
  let current: string | null = null;
  try {
    current = readFileSync(workerScript, 'utf8');
  } catch {
    // not written yet
  }
  if (current !== text) {
    mkdirSync(path.dirname(workerScript), { recursive: true });
    const temp = `${workerScript}.${process.pid}.tmp`;
    writeFileSync(temp, text);
    renameSync(temp, workerScript);
  }
  return {
    wasm: path.join(nodeWasmFolder(), 'tfjs-backend-wasm-threaded-simd.wasm'),
    mainScript: path.join(out, 'tfjs-backend-wasm-threaded-simd.js'),
    workerScript,
    readWasm: (file) => readFile(file),
  };
}

/**
 * initWasmBackend for Node: binaries read from node_modules, never fetched; `threads` > 1 runs
 * the threaded SIMD binary on worker_threads.
 */
export function initNodeWasmBackend(threads = 1): void {
  initWasmBackend({ wasmPaths: nodeWasmFolder(), threads, ...(threads > 1 && { threadedFiles: nodeThreadedFiles() }) });
}
