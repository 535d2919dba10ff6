import * as tf from '@tensorflow/tfjs';
import type { Conv2DBackpropInputAttrs, KernelBackend, KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import { f32 } from './heap';
import { withScratch, type WasmScratch } from './scratch';

type Shape4 = [number, number, number, number];

/**
 * Conv2D's input gradient (also conv2dTranspose's forward pass) as one stride-1 Conv2D, which
 * wasm runs in XNNPACK, in place of tfjs 4.22's own loop (3-8x slower at the models' shapes).
 * In one dimension, with stride s, filter w of size f and the forward conv's top padding t:
 *
 *   dx[i] = sum over o, p with o*s + p - t = i  of  dy[o] * w[p]
 *
 * Writing i + t = q*s + r (0 <= r < s), only the taps p = k*s + r meet, with o = q - k:
 *
 *   dx[q*s + r - t] = sum over k < K of  dy[q - k] * w[k*s + r],    K = ceil(f / s)
 *
 * so for each phase r it is a stride-1 correlation of dy with a K-tap sub-filter, and the s
 * phases are s output channels of one conv (s*s in 2-D, each a copy of `in`); a DepthToSpace
 * interleaves them into rows q*s + r, and a crop removes the t rows before dx's first. No
 * multiply by an inserted zero, as a conv over a zero-upsampled dy would do (s*s times the
 * work); only a sub-filter tap past f (f not a multiple of s) and the crop's rows are waste.
 */
export function conv2DBackpropInput(dy: TensorInfo, filter: TensorInfo, attrs: Conv2DBackpropInputAttrs, backend: KernelBackend): TensorInfo {
  const info = convInfo(dy, filter, attrs);
  return withScratch(backend, (s) => {
    if (tf.util.sizeFromShape(dy.shape) === 0) return s.zeros(info.inShape);
    const channelsLast = info.dataFormat === 'channelsLast';
    const dx = phasesConv(s, channelsLast ? dy : s.transpose(dy, [0, 2, 3, 1]), filter, info);
    return channelsLast ? dx : s.transpose(dx, [0, 3, 1, 2]);
  });
}

function convInfo(dy: TensorInfo, filter: TensorInfo, attrs: Conv2DBackpropInputAttrs): tf.backend_util.Conv2DInfo {
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs;
  const format = tf.backend_util.convertConv2DDataFormat(dataFormat);
  const info = tf.backend_util.computeConv2DInfo(inputShape, filter.shape as Shape4, strides, 1, pad, dimRoundingMode, false, format);
  tf.util.assertShapesMatch(dy.shape, info.outShape, `Conv2DBackpropInput: dy's shape must be the conv's output shape,`);
  return info;
}

/**
 * Costs measured here (wasm SIMD, one thread, tfjs 4.22): XNNPACK's conv ~0.06 ns a
 * multiply-add, plus ~8 ns per filter weight to pack the new filter (every call: the filter is
 * made per call); tfjs's own loop ~0.5 ns a multiply-add, but only the ones that touch dx.
 */
const COST_NS = { phaseMac: 0.06, packedWeight: 8, heapElement: 1, originalMac: 0.5 } as const;

/**
 * Whether the phase conv beats tfjs's own kernel here. It loses where dy is a few pixels
 * wide with many channels (pix2pix's innermost layers): the crop's extra row and column
 * are most of the conv, and packing a large filter costs more than the few products.
 */
export function phasesConvPays(info: tf.backend_util.Conv2DInfo): boolean {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight: fH, filterWidth: fW, strideHeight: sH, strideWidth: sW } = info;
  const rows = phaseRange(inHeight, outHeight, fH, sH, info.padInfo.top);
  const cols = phaseRange(inWidth, outWidth, fW, sW, info.padInfo.left);
  const weights = rows.taps * cols.taps * outChannels * sH * sW * inChannels;
  const phaseMacs = batchSize * rows.count * cols.count * weights;
  const phase = phaseMacs * COST_NS.phaseMac + weights * (COST_NS.packedWeight + COST_NS.heapElement) + tf.util.sizeFromShape(info.inShape) * COST_NS.heapElement;
  const exactMacs = batchSize * tapsInside(outHeight, fH, sH, info.padInfo.top, inHeight) * tapsInside(outWidth, fW, sW, info.padInfo.left, inWidth) * inChannels * outChannels;
  return phase < exactMacs * COST_NS.originalMac;
}

/** The filter taps, summed over the conv's outputs, that land inside the input (not in padding). */
function tapsInside(outSize: number, f: number, stride: number, top: number, inSize: number): number {
  let n = 0;
  for (let o = 0; o < outSize; o++) n += Math.max(0, Math.min(f, inSize + top - o * stride) - Math.max(0, top - o * stride));
  return n;
}

/** The rows of one dimension: which q the conv computes and how dy is padded for them. */
function phaseRange(inSize: number, outSize: number, f: number, stride: number, top: number) {
  const taps = Math.ceil(f / stride);
  const first = Math.floor(top / stride);
  const last = Math.floor((top + inSize - 1) / stride);
  // Conv output row q - first reads padded rows q - first .. q - first + taps - 1, which are
  // dy rows q - taps + 1 .. q: pad (or crop, if negative) dy to line them up.
  return { taps, count: last - first + 1, padBefore: taps - 1 - first, padAfter: last + 1 - outSize, offset: top - first * stride };
}

function phasesConv(s: WasmScratch, dy: TensorInfo, filter: TensorInfo, info: tf.backend_util.Conv2DInfo): TensorInfo {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight: fH, filterWidth: fW, strideHeight: sH, strideWidth: sW } = info;
  const rows = phaseRange(inHeight, outHeight, fH, sH, info.padInfo.top);
  const cols = phaseRange(inWidth, outWidth, fW, sW, info.padInfo.left);
  const phases = phaseFilter(s, filter, rows.taps, cols.taps, sH, sW);
  const padded = s.cropForPad(dy, [rows.padBefore, rows.padAfter, cols.padBefore, cols.padAfter]);
  const z = s.run(tf.Conv2D, { x: padded.x, filter: phases }, { strides: [1, 1], dilations: [1, 1], pad: padded.pad, dataFormat: 'NHWC' });
  return interleave(s, z, [batchSize, inHeight, inWidth, inChannels], sH, sW, rows.offset, cols.offset);
}

/**
 * [N, Q, Qw, (sH, sW, C)] -> [N, H, W, C] with dx[n, y, x] = z[n, q, qw, (rH, rW)] where
 * y + offH = q*sH + rH and x + offW = qw*sW + rW: DepthToSpace and the crop in one pass over
 * the wasm heap (wasm's own DepthToSpace and Slice cost 20-40 ns an element; this ~1).
 */
function interleave(s: WasmScratch, z: TensorInfo, [n, h, w, c]: Shape4, sH: number, sW: number, offH: number, offW: number): TensorInfo {
  const out = s.make([n, h, w, c]);
  const [, q, qw] = z.shape as Shape4;
  const [src, dst] = [f32(s.backend, z), f32(s.backend, out)];
  const pixel = sH * sW * c;
  let d = 0;
  for (let b = 0; b < n; b++) {
    for (let y = 0; y < h; y++) {
      const yy = y + offH;
      const rowBase = ((b * q + Math.floor(yy / sH)) * qw) * pixel + (yy % sH) * sW * c;
      for (let x = 0; x < w; x++) {
        const xx = x + offW;
        const from = rowBase + Math.floor(xx / sW) * pixel + (xx % sW) * c;
        for (let k = 0; k < c; k++) dst[d++] = src[from + k]!;
      }
    }
  }
  return out;
}

/**
 * The [K, Kw, out, (sH, sW, in)] filter whose output channel (rH, rW, i) at tap (j, jw) is
 * w[(K-1-j)*sH + rH, (Kw-1-jw)*sW + rW, i, :], zero past the filter's edge. Built in JS on
 * the heap: wasm's Reverse and 6-D Transpose were slower than the conv itself.
 */
function phaseFilter(s: WasmScratch, filter: TensorInfo, taps: number, tapsW: number, sH: number, sW: number): TensorInfo {
  const [fH, fW, inC, outC] = filter.shape as Shape4;
  const out = s.make([taps, tapsW, outC, sH * sW * inC]);
  const [w, g] = [f32(s.backend, filter), f32(s.backend, out)];
  let d = 0;
  for (let j = 0; j < taps; j++)
    for (let jw = 0; jw < tapsW; jw++)
      for (let o = 0; o < outC; o++)
        for (let rH = 0; rH < sH; rH++) {
          const p = (taps - 1 - j) * sH + rH;
          for (let rW = 0; rW < sW; rW++) {
            const pw = (tapsW - 1 - jw) * sW + rW;
            if (p >= fH || pw >= fW) {
              g.fill(0, d, d + inC);
              d += inC;
              continue;
            }
            const base = (p * fW + pw) * inC * outC + o;
            for (let i = 0; i < inC; i++) g[d++] = w[base + i * outC]!;
          }
        }
  return out;
}

/**
 * The kernel, choosing per call between the phase conv and `fallback` (tfjs-backend-wasm's
 * own, which it replaces) by phasesConvPays; with no fallback, always the phase conv.
 */
export function conv2DBackpropInputConfig(fallback?: KernelConfig): KernelConfig {
  return {
    kernelName: tf.Conv2DBackpropInput,
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { inputs, attrs, backend } = args;
      const [dy, filter] = [inputs.dy!, inputs.filter!];
      const typed = attrs as unknown as Conv2DBackpropInputAttrs;
      if (fallback && !phasesConvPays(convInfo(dy, filter, typed))) return fallback.kernelFunc(args);
      return conv2DBackpropInput(dy, filter, typed, backend as KernelBackend);
    },
  };
}
