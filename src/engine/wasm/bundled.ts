// The app's wasm files: Vite copies each into the build (hashed) and these imports give
// their same-origin URLs, so the worker never fetches them from a CDN. Vite-only (`?url`).
import plainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
// The unminified emscripten script, which each pthread worker loads with importScripts.
import threadedScriptUrl from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?url';
import pthreadWorkerUrl from './pthreadWorker.js?url';
import { initWasmBackend, type WasmBinary } from './setup';
import type { ThreadedWasmFiles } from './threaded';

/** The URL of each binary in this build. */
export const bundledWasmPaths: Record<WasmBinary, string> = {
  'tfjs-backend-wasm.wasm': plainUrl,
  'tfjs-backend-wasm-simd.wasm': simdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': threadedUrl,
};

/** The threaded build's files, as same-origin URLs (no blob:, which a strict CSP refuses). */
export const bundledThreadedFiles: ThreadedWasmFiles = { wasm: threadedUrl, mainScript: threadedScriptUrl, workerScript: pthreadWorkerUrl };

/**
 * initWasmBackend for the app's worker: the files come from the app's own origin, and
 * `threads` run where the page is cross-origin isolated (one thread elsewhere).
 */
export function initBundledWasmBackend(threads: number, note?: string): void {
  initWasmBackend({ wasmPaths: bundledWasmPaths, threads, threadedFiles: bundledThreadedFiles, ...(note !== undefined && { note }) });
}
