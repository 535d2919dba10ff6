import * as tf from '@tensorflow/tfjs';
import { BackendWasm, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import threadedFactory from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';
import type { BackendWasmModule } from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm';

/** Where the threaded build's three files are: URLs on a page, paths in Node. */
export interface ThreadedWasmFiles {
  /** tfjs-backend-wasm-threaded-simd.wasm */
  readonly wasm: string;
  /**
   * The emscripten script itself (wasm-out/tfjs-backend-wasm-threaded-simd.js, unminified):
   * each pthread worker loads it with importScripts.
   */
  readonly mainScript: string;
  /** emscripten's pthread worker script (pthreadWorker.js; in Node a .cjs copy). */
  readonly workerScript: string;
  /** Reads the binary at `wasm` (Node: from disk). @default a streaming compile of fetch(wasm) */
  readonly readWasm?: (wasm: string) => Promise<BufferSource>;
}

/**
 * Registers a 'wasm' backend that starts tfjs-backend-wasm's threaded SIMD build with
 * `threads` threads, in place of the package's own start-up, which cannot run threads here:
 *
 * - Its pthread workers evaluate `factory.toString()` from a blob. In a bundle, the factory is
 *   minified and refers to its enclosing closure's renamed variables, which the worker does
 *   not have: Vite's build gave "Uncaught ReferenceError: e is not defined" in every pthread
 *   worker (the closure's `_scriptDir`, renamed `e`). Here the workers load the package's
 *   unminified script from `mainScript` instead.
 * - It makes the worker script a blob: URL, which a Content-Security-Policy of
 *   `script-src 'self'` refuses; here it is a same-origin file.
 * - In Node its thread detection always says no (tfjs issue 3830) and blobs cannot be worker
 *   scripts; here every file is a path.
 *
 * The kernels are the package's own (registered for 'wasm' by name), so they work unchanged.
 */
export function registerThreadedWasm(files: ThreadedWasmFiles, threads: number): void {
  setThreadsCount(threads);
  if (tf.findBackendFactory('wasm') != null) tf.removeBackend('wasm');
  tf.registerBackend(
    'wasm',
    async () => {
      const module = await startThreadedModule(files, threads);
      const backend = new BackendWasm(module); // starts the thread pool
      unrefWorkers(module);
      return backend;
    },
    WASM_PRIORITY,
  );
}

/**
 * In Node, lets the process exit while the pool's threads wait for work: emscripten refs a
 * worker_threads Worker while it runs a thread, and the pool's threads never return.
 */
function unrefWorkers(module: BackendWasmModule): void {
  type Pool = { PThread?: { runningWorkers: { unref?: () => void }[]; unusedWorkers: { unref?: () => void }[] } };
  const pool = (module as unknown as Pool).PThread;
  for (const worker of [...(pool?.runningWorkers ?? []), ...(pool?.unusedWorkers ?? [])]) worker.unref?.();
}

/** tfjs-backend-wasm's own priority (above cpu, below webgl and webgpu). */
export const WASM_PRIORITY = 2;

/** The emscripten module with the cwrapped functions BackendWasm expects, as the package's init() makes them. */
async function startThreadedModule(files: ThreadedWasmFiles, threads: number): Promise<BackendWasmModule> {
  let abort: ((reason: Error) => void) | undefined;
  const aborted = new Promise<never>((_, reject) => (abort = reject));
  const failed = (error: unknown) => abort?.(new Error(`the threaded wasm binary failed to start (${files.wasm}): ${error instanceof Error ? error.message : String(error)}`));
  const instantiate = (imports: WebAssembly.Imports) =>
    files.readWasm
      ? files.readWasm(files.wasm).then((bytes) => WebAssembly.instantiate(bytes, imports))
      : WebAssembly.instantiateStreaming(fetch(files.wasm, { credentials: 'same-origin' }), imports);
  const module = await Promise.race([
    threadedFactory({
      // tfjs's C++ caps the pool at emscripten_num_logical_cores() / 2 (it assumes two hardware
      // threads per core), so on a 2-core machine every count became 1 thread. The import is
      // answered here so that the cap is the count asked for (init_with_threads_count still
      // caps it at 8, the pthread pool's size). Only the main thread's start-up reads it.
      instantiateWasm: (info: WebAssembly.Imports, receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) => {
        const env = { ...info.env, emscripten_num_logical_cores: () => 2 * threads };
        instantiate({ ...info, env }).then((result) => receive(result.instance, result.module), failed);
        return {};
      },
      mainScriptUrlOrBlob: files.mainScript,
      locateFile: (path, prefix) => (path.endsWith('.worker.js') ? files.workerScript : path.endsWith('.wasm') ? files.wasm : prefix + path),
      onAbort: failed,
    }),
    aborted,
  ]);
  // emscripten's cwrap (typed in @types/emscripten, which is not installed for one call).
  type Cwrap = (name: string, returns: 'number' | null, args: string[]) => (...args: number[]) => never;
  const cwrap = (module as unknown as { cwrap: Cwrap }).cwrap;
  module.tfjs = {
    init: cwrap('init', null, []),
    initWithThreadsCount: cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: cwrap('get_threads_count', 'number', []),
    registerTensor: cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: cwrap('dispose_data', null, ['number']),
    dispose: cwrap('dispose', null, []),
  };
  return module;
}
