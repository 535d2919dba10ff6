// Our own wasm modules (adamUpdate.wat, batchNorm.wat) run directly on tfjs-backend-wasm's
// heap: each imports the backend's memory, so it is instantiated once per memory (a restarted
// backend has a new one) in the binary that matches it (the threaded build's memory is shared).
import type { KernelBackend } from '@tensorflow/tfjs';

/** What this reads of tfjs-backend-wasm's emscripten module: its memory. */
interface EmscriptenModule {
  wasmMemory?: WebAssembly.Memory;
  asm?: { memory?: WebAssembly.Memory };
}

/** A module's two builds, base64: for a plain memory and for a shared one. */
export interface WasmBinaries {
  readonly plain: string;
  readonly shared: string;
}

const bytes = (base64: string) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));

/**
 * A getter of `pick(exports)` for the module instantiated over a backend's memory, made once per
 * memory; null where it cannot run (no SIMD in this engine, or a memory this cannot find).
 */
export function onBackendMemory<T>(binaries: WasmBinaries, pick: (exports: WebAssembly.Exports) => T): (backend: KernelBackend) => T | null {
  const instances = new WeakMap<WebAssembly.Memory, T | null>();
  return (backend) => {
    const module = (backend as unknown as { wasm?: EmscriptenModule }).wasm;
    const memory = module?.wasmMemory ?? module?.asm?.memory;
    if (!memory) return null;
    if (!instances.has(memory)) {
      // A memory import must say whether it is shared (the threaded build's is): by its buffer's
      // tag, as instanceof fails across realms (vitest's workers).
      const shared = Object.prototype.toString.call(memory.buffer) === '[object SharedArrayBuffer]';
      let made: T | null = null;
      try {
        const compiled = new WebAssembly.Module(bytes(shared ? binaries.shared : binaries.plain));
        made = pick(new WebAssembly.Instance(compiled, { env: { memory } }).exports);
      } catch {
        made = null; // an engine without wasm SIMD: the caller takes tfjs's ops
      }
      instances.set(memory, made);
    }
    return instances.get(memory)!;
  };
}
