import type { DataType, KernelBackend, TensorInfo } from '@tensorflow/tfjs';

/**
 * What this project's kernels use of tfjs-backend-wasm's BackendWasm beyond KernelBackend:
 * new tensors on the wasm heap, and typed-array views of them.
 */
export interface WasmHeapBackend extends KernelBackend {
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/**
 * A float32 view of a tensor's data on the wasm heap. Allocating (makeOutput) may grow the
 * heap and detach older views, so take views only after the last allocation.
 */
export function f32(backend: KernelBackend, info: TensorInfo): Float32Array {
  if (info.dtype !== 'float32') throw new Error(`expected a float32 tensor, got ${info.dtype}`);
  return (backend as WasmHeapBackend).typedArrayFromHeap(info) as Float32Array;
}

/** A new float32 tensor on the wasm heap, its values not yet set. */
export function makeF32(backend: KernelBackend, shape: number[]): TensorInfo {
  return (backend as WasmHeapBackend).makeOutput(shape, 'float32');
}
