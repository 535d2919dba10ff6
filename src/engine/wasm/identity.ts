import * as tf from '@tensorflow/tfjs';
import type { KernelConfig } from '@tensorflow/tfjs';
import type { WasmHeapBackend } from './heap';

/** What Identity uses of tfjs-backend-wasm's backend: its per-buffer reference count (Reshape's too). */
interface RefCountingBackend extends WasmHeapBackend {
  incRef(dataId: object): void;
}

/**
 * Identity as a second reference to the same buffer, as tfjs's cpu and webgl backends do it.
 * tfjs 4.22's wasm Identity copies: a new heap buffer (malloc, a registration with the wasm
 * module, the copy, and the free later) for every tensor the gradient tape saves, since the
 * tape keeps clones (~220 a pix2pix 32 step). No kernel writes into its inputs, so sharing is
 * safe, and wasm already counts references for Reshape, which shares the same way.
 */
export function identityConfig(replaced?: KernelConfig): KernelConfig {
  return {
    kernelName: tf.Identity,
    backendName: 'wasm',
    kernelFunc: (args) => {
      const x = args.inputs.x!;
      // Strings live off the heap; wasm's own kernel makes a new tensor of them.
      if (x.dtype === 'string' && replaced) return replaced.kernelFunc(args);
      (args.backend as RefCountingBackend).incRef(x.dataId);
      return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
    },
  };
}
