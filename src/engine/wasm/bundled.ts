// The wasm binaries as assets of the app: Vite copies them into the build and this module gets
// their same-origin URLs, so the worker never fetches them from a CDN. Vite-only (`?url`).
import plainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import { initWasmBackend, type WasmBinary } from './setup';

/**
 * The URL of each binary in this build. Threads are off (see WasmBackendOptions.threads), so
 * the threaded binary is not shipped; its entry names a file that does not exist, so a
 * threaded start would fail loudly instead of loading the wrong binary.
 */
export const bundledWasmPaths: Record<WasmBinary, string> = {
  'tfjs-backend-wasm.wasm': plainUrl,
  'tfjs-backend-wasm-simd.wasm': simdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': `${simdUrl}.threaded-binary-not-shipped`,
};

/** initWasmBackend for the app's worker: the binaries come from the app's own origin. */
export function initBundledWasmBackend(): void {
  initWasmBackend({ wasmPaths: bundledWasmPaths, threads: false });
}
