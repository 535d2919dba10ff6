// Concat and SplitV as strided row copies in wasm (copyRows.wat). Along an axis, each tensor is
// [rows, row] (rows: the product of the dimensions before the axis, row: of the rest), so a
// concat writes each input's rows side by side into the output's and a split reads them back.
// pix2pix's U-Net joins each decoder stage with its encoder skip on the channel axis (Concat)
// and its backward pass splits the gradient (SplitV): tfjs 4.22's wasm Concat copies row by
// row from JS and its SplitV slices element by element, ~2.5 ms of a pix2pix 32 step.
import * as tf from '@tensorflow/tfjs';
import type { ConcatAttrs, KernelBackend, KernelConfig, SplitVAttrs, TensorInfo } from '@tensorflow/tfjs';
import { COPY_ROWS_WASM, COPY_ROWS_WASM_SHARED_MEMORY } from './copyRowsBinary';
import type { WasmHeapBackend } from './heap';
import { onBackendMemory } from './onBackendMemory';

type CopyRows = (src: number, srcStride: number, dst: number, dstStride: number, rows: number, width: number) => void;

/** The copy over the backend's memory, or null where it cannot run (no SIMD): the replaced kernels run. */
export const copyRowsFunction = onBackendMemory({ plain: COPY_ROWS_WASM, shared: COPY_ROWS_WASM_SHARED_MEMORY }, (exports) => exports.copyRows as CopyRows);

const size = (shape: readonly number[]) => tf.util.sizeFromShape([...shape]);

/** Byte offset of a tensor's data on the heap (after the last allocation: a growing heap detaches views). */
const offsetOf = (backend: KernelBackend, t: TensorInfo) => (backend as WasmHeapBackend).typedArrayFromHeap(t).byteOffset;

/** Concat along any axis; strings, and engines without SIMD, take wasm's own kernel. */
export function concatConfig(replaced?: KernelConfig): KernelConfig {
  if (!replaced) throw new Error("concatConfig: wasm's own Concat is not registered");
  return {
    kernelName: tf.Concat,
    backendName: 'wasm',
    kernelFunc: (args) => {
      const inputs = Object.values(args.inputs) as TensorInfo[];
      const backend = args.backend as KernelBackend;
      const copy = copyRowsFunction(backend);
      // Empty inputs add nothing; one left is wasm's own answer (its Identity).
      const kept = inputs.filter((t) => size(t.shape) > 0);
      if (!copy || inputs.length === 0 || inputs[0]!.dtype === 'string' || kept.length < 2) return replaced.kernelFunc(args);
      const axis = tf.util.parseAxisParam((args.attrs as unknown as ConcatAttrs).axis, inputs[0]!.shape)[0]!;
      tf.backend_util.assertParamsConsistent(inputs.map((t) => t.shape), axis);
      const outShape = tf.backend_util.computeOutShape(inputs.map((t) => t.shape), axis);
      const bytes = tf.util.bytesPerElement(inputs[0]!.dtype);
      const out = (backend as WasmHeapBackend).makeOutput(outShape, inputs[0]!.dtype);
      const rows = size(outShape.slice(0, axis));
      const outRow = (size(outShape) / rows) * bytes;
      const base = offsetOf(backend, out);
      let column = 0;
      for (const t of kept) {
        const row = (size(t.shape) / rows) * bytes;
        copy(offsetOf(backend, t), row, base + column, outRow, rows, row);
        column += row;
      }
      return out;
    },
  };
}

/** SplitV along any axis; strings, and engines without SIMD, take wasm's own kernel. */
export function splitVConfig(replaced?: KernelConfig): KernelConfig {
  if (!replaced) throw new Error("splitVConfig: wasm's own SplitV is not registered");
  return {
    kernelName: tf.SplitV,
    backendName: 'wasm',
    kernelFunc: (args) => {
      const x = args.inputs.x!;
      const backend = args.backend as KernelBackend;
      const copy = copyRowsFunction(backend);
      if (!copy || x.dtype === 'string') return replaced.kernelFunc(args);
      const { numOrSizeSplits, axis } = args.attrs as unknown as SplitVAttrs;
      const $axis = tf.util.parseAxisParam(axis, x.shape)[0]!;
      const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, numOrSizeSplits, $axis);
      const bytes = tf.util.bytesPerElement(x.dtype);
      const outs = sizes.map((s) => (backend as WasmHeapBackend).makeOutput(x.shape.map((d, i) => (i === $axis ? s : d)), x.dtype));
      const rows = size(x.shape.slice(0, $axis));
      if (rows === 0 || size(x.shape) === 0) return outs;
      const xRow = (size(x.shape) / rows) * bytes;
      const base = offsetOf(backend, x);
      let column = 0;
      for (const out of outs) {
        const row = (size(out.shape) / rows) * bytes;
        if (row > 0) copy(base + column, xRow, offsetOf(backend, out), row, rows, row);
        column += row;
      }
      return outs;
    },
  };
}
