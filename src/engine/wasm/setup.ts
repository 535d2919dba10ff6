import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm'; // registers the 'wasm' backend
import { registerWasmTrainingKernels } from './kernels';
import { registerWasmActivationGradients } from './activationGrad';
import { registerThreadedWasm, WASM_PRIORITY, type ThreadedWasmFiles } from './threaded';
import { MAX_WASM_THREADS } from './threads';

export { DEFAULT_WASM_THREADS, MAX_WASM_THREADS, parseWasmThreads } from './threads';

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
   * Threads for the threaded SIMD binary, 1 to MAX_WASM_THREADS; 1 loads the single-threaded
   * SIMD binary. Threads share the wasm memory, which a browser allows only on a
   * cross-origin-isolated page (COOP/COEP headers): elsewhere this is 1 whatever is asked.
   * @default 1
   */
  threads?: number;
  /** Whether threads can share memory here. @default sharedMemoryAvailable() */
  sharedMemory?: boolean;
  /** A remark for the backend's description, e.g. a typed thread count that was ignored. */
  note?: string;
  /** The threaded build's files (see ThreadedWasmFiles); needed when threads run. */
  threadedFiles?: ThreadedWasmFiles;
}

/**
 * SharedArrayBuffer exists and may be used: in a browser only where the page is
 * cross-origin isolated (it exists without being usable in some browsers), in Node always.
 */
export function sharedMemoryAvailable(scope: { crossOriginIsolated?: boolean; SharedArrayBuffer?: unknown; process?: unknown } = globalThis): boolean {
  if (typeof scope.SharedArrayBuffer !== 'function') return false;
  return scope.crossOriginIsolated ?? scope.process !== undefined;
}

/** What initWasmBackend asked for, and why threads are off if they are. */
interface WasmPlan {
  readonly threads: number;
  readonly note: string | null;
}

let plan: WasmPlan = { threads: 1, note: null };

/**
 * Prepares the wasm backend without starting it: binaries from `wasmPaths`, threads where
 * asked for and possible, and this project's training kernels. Call it before
 * `tf.setBackend('wasm')`; tfjs-backend-wasm, once imported, outranks cpu, so pick a backend
 * before any tensor. The binary and thread count are fixed when the backend starts: once it
 * has, a call only registers the kernels.
 */
export function initWasmBackend(options: WasmBackendOptions = {}): void {
  const asked = options.threads ?? 1;
  if (!Number.isInteger(asked) || asked < 1 || asked > MAX_WASM_THREADS) {
    throw new RangeError(`wasm threads must be a whole number from 1 to ${MAX_WASM_THREADS}, got ${asked}`);
  }
  registerWasmTrainingKernels();
  registerWasmActivationGradients();
  // The backend's binary and threads are fixed when it starts: replacing its factory now would
  // dispose the running backend with every tensor on it.
  if (tf.engine().registry.wasm !== undefined) return;
  const shared = options.sharedMemory ?? sharedMemoryAvailable();
  const threads = shared ? asked : 1;
  const notes = [options.note, asked > 1 && !shared ? `${asked} threads asked for, but this page is not cross-origin isolated (COOP/COEP headers)` : undefined];
  plan = { threads, note: notes.filter((n) => n !== undefined).join('; ') || null };
  // The package's own start-up picks the threaded binary on any isolated page; it runs only
  // the single-threaded ones here, and registerThreadedWasm the threaded one.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (options.wasmPaths !== undefined) setWasmPaths(options.wasmPaths);
  packageFactory ??= tf.findBackendFactory('wasm');
  if (threads > 1) {
    if (!options.threadedFiles) throw new Error('initWasmBackend: threads need the threaded build\'s files (threadedFiles)');
    registerThreadedWasm(options.threadedFiles, threads);
  } else if (tf.findBackendFactory('wasm') !== packageFactory && packageFactory) {
    if (tf.findBackendFactory('wasm') != null) tf.removeBackend('wasm');
    tf.registerBackend('wasm', packageFactory, WASM_PRIORITY);
  }
}

/** tfjs-backend-wasm's own start-up (one thread), kept to go back to it after threads were set up. */
let packageFactory: ReturnType<typeof tf.findBackendFactory> | null = null;

/**
 * The running wasm backend's binary and thread count, for the status line: "threaded SIMD,
 * 4 threads", or "SIMD, 1 thread" with why not more. Null while wasm is not the backend.
 */
export function describeWasmBackend(): string | null {
  if (tf.getBackend() !== 'wasm') return null;
  const note = plan.note ? `: ${plan.note}` : '';
  if (plan.threads > 1) {
    const n = getThreadsCount();
    return `threaded SIMD, ${n} thread${n === 1 ? '' : 's'}${note}`;
  }
  // The package's start-up evaluated this flag (asynchronously) to pick its binary.
  const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
  return `${simd ? 'SIMD' : 'no SIMD'}, 1 thread${note}`;
}
