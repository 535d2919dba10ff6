import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm'; // registers the 'wasm' backend
import { registerWasmTrainingKernels } from './kernels';

/** The binaries tfjs-backend-wasm picks from: plain, SIMD, and threaded SIMD. */
export const WASM_BINARIES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'] as const;
export type WasmBinary = (typeof WASM_BINARIES)[number];

export interface WasmBackendOptions {
  /**
   * Where the .wasm binaries are: a folder prefix ending in '/', or a URL per binary.
   * @default the package's own folder, which Node resolves from node_modules; a bundled
   * page must pass its own (see bundled.ts).
   */
  wasmPaths?: string | Record<WasmBinary, string>;
  /**
   * Threaded wasm is not offered: it needs a cross-origin-isolated page (COOP/COEP headers),
   * and its worker glue has failed inside Vite's module worker ('e is not defined'). SIMD is
   * kept wherever the runtime validates it (every current browser, Node 16+).
   * @default false
   */
  threads?: false;
}

/**
 * Prepares the wasm backend without starting it: single-threaded, binaries from
 * `wasmPaths`, and the training kernels 4.22 lacks. Call it before `tf.setBackend('wasm')`;
 * tfjs-backend-wasm, once imported, outranks cpu, so pick a backend before any tensor.
 */
export function initWasmBackend(options: WasmBackendOptions = {}): void {
  // The package's own detection says false in Node already; in a browser it would pick the
  // threaded binary on a cross-origin-isolated page.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (options.wasmPaths !== undefined) setWasmPaths(options.wasmPaths);
  registerWasmTrainingKernels();
}
