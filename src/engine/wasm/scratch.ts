import * as tf from '@tensorflow/tfjs';
import type { KernelBackend, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import { makeF32 } from './heap';

/**
 * Runs the wasm backend's own registered kernels from inside another kernel. Outputs made here
 * never reach the engine, so nothing would free them: `finish` frees every intermediate (by
 * reference count, so a reshape sharing its input's data is freed once, as made) and hands
 * back the one result.
 */
export class WasmScratch {
  private readonly made: TensorInfo[] = [];
  readonly backend: KernelBackend;

  constructor(backend: KernelBackend) {
    this.backend = backend;
  }

  run(kernelName: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo {
    const kernel = tf.getKernel(kernelName, 'wasm');
    if (!kernel) throw new Error(`The kernel '${kernelName}' for backend 'wasm' is not registered`);
    const out = kernel.kernelFunc({ inputs, attrs, backend: this.backend }) as TensorInfo;
    this.made.push(out);
    return out;
  }

  /** A new float32 tensor on the wasm heap for a kernel written here to fill (see heap.ts). */
  make(shape: number[]): TensorInfo {
    const out = makeF32(this.backend, shape);
    this.made.push(out);
    return out;
  }

  transpose(x: TensorInfo, perm: number[]): TensorInfo {
    return this.run(tf.Transpose, { x }, { perm });
  }

  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run(tf.Reshape, { x }, { shape });
  }

  /**
   * Pads H and W (axes 1, 2) of an NHWC tensor by the given amounts, where a negative amount
   * crops instead. Returns the cropped tensor and the padding still to apply, all >= 0, for a
   * conv's explicit padding (which accepts no negative pad).
   */
  cropForPad(x: TensorInfo, [top, bottom, left, right]: readonly [number, number, number, number]) {
    const [n, h, w, c] = x.shape as [number, number, number, number];
    const crop = [Math.max(0, -top), Math.max(0, -bottom), Math.max(0, -left), Math.max(0, -right)] as const;
    const cropped =
      crop.some((v) => v > 0) ? this.run(tf.Slice, { x }, { begin: [0, crop[0], crop[2], 0], size: [n, h - crop[0] - crop[1], w - crop[2] - crop[3], c] }) : x;
    const pad: tf.backend_util.ExplicitPadding = [
      [0, 0],
      [Math.max(0, top), Math.max(0, bottom)],
      [Math.max(0, left), Math.max(0, right)],
      [0, 0],
    ];
    return { x: cropped, pad };
  }

  /** A float32 tensor of zeros: the gradient when the forward conv had no output at all. */
  zeros(shape: number[]): TensorInfo {
    return this.run(tf.Fill, {}, { shape, value: 0, dtype: 'float32' });
  }

  /** Frees every intermediate except `result`, which the engine takes over. */
  finish(result: TensorInfo): TensorInfo {
    for (const info of this.made) {
      if (info !== result) this.backend.disposeData(info.dataId);
    }
    this.made.length = 0;
    return result;
  }

  /** Frees every intermediate (a kernel that failed part way). */
  abandon(): void {
    for (const info of this.made) this.backend.disposeData(info.dataId);
    this.made.length = 0;
  }
}

/** Runs `body` with a scratch that is always emptied, also when the body throws. */
export function withScratch(backend: KernelBackend, body: (s: WasmScratch) => TensorInfo): TensorInfo {
  const scratch = new WasmScratch(backend);
  let result: TensorInfo;
  try {
    result = body(scratch);
  } catch (error) {
    scratch.abandon();
    throw error;
  }
  return scratch.finish(result);
}
