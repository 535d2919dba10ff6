import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, TensorInfo, TileAttrs } from '@tensorflow/tfjs';
import type { WasmHeapBackend } from './heap';

type Heap = Float32Array | Int32Array | Uint8Array;

/**
 * Tile as block copies on the wasm heap: x's rows copied once into place, then each
 * dimension's finished block repeated by copyWithin, doubling. tfjs 4.22's wasm Tile works
 * out every output element's source index (~65 ns an element); batch norm's backward pass
 * tiles its per-channel factors to the activations' shape, 20 ms of a DCGAN step.
 */
export function tile(x: TensorInfo, reps: readonly number[], backend: WasmHeapBackend): TensorInfo {
  const shape = x.shape.map((d, i) => d * reps[i]!);
  const out = backend.makeOutput(shape, x.dtype);
  if (tf.util.sizeFromShape(shape) === 0) return out;
  const [src, dst] = [backend.typedArrayFromHeap(x), backend.typedArrayFromHeap(out)];
  const xStrides = [...tf.util.computeStrides(x.shape), 1];
  const outStrides = [...tf.util.computeStrides(shape), 1];
  fill(src, dst, x.shape, reps, xStrides, outStrides, 0, 0, 0);
  return out;
}

/** Writes out's block at `dim` (x's block at `from`, tiled) starting at `to`. */
function fill(src: Heap, dst: Heap, xShape: readonly number[], reps: readonly number[], xStrides: number[], outStrides: number[], dim: number, from: number, to: number): void {
  const size = xShape[dim]!;
  const inner = outStrides[dim]!; // one index of this dimension, in out
  if (dim === xShape.length - 1) {
    dst.set(src.subarray(from, from + size), to);
  } else {
    for (let i = 0; i < size; i++) fill(src, dst, xShape, reps, xStrides, outStrides, dim + 1, from + i * xStrides[dim]!, to + i * inner);
  }
  repeat(dst, to, size * inner, reps[dim]!);
}

/** dst[to, to + block) repeated `times` in all, end to end, in doubling copies. */
function repeat(dst: Heap, to: number, block: number, times: number): void {
  const end = to + block * times;
  for (let done = block; done < block * times; done *= 2) {
    dst.copyWithin(to + done, to, to + Math.min(done, end - to - done));
  }
}

/**
 * The kernel. Strings have no heap view, and tfjs-backend-wasm 4.22's own Tile aborts the
 * wasm module on them (every later kernel then fails), so they get a clear error instead.
 */
export const tileConfig: KernelConfig = {
  kernelName: tf.Tile,
  backendName: 'wasm',
  kernelFunc: (args) => {
    const x = args.inputs.x!;
    if (x.dtype === 'string') throw new Error(`Tile on wasm: string tensors are not supported (tensor of shape [${x.shape.join(', ')}])`);
    return tile(x, (args.attrs as unknown as TileAttrs).reps, args.backend as WasmHeapBackend);
  },
};
