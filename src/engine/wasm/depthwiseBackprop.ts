import * as tf from '@tensorflow/tfjs';
import type {
  DepthwiseConv2dNativeBackpropFilterAttrs,
  DepthwiseConv2dNativeBackpropInputAttrs,
  KernelBackend,
  KernelConfig,
  TensorInfo,
} from '@tensorflow/tfjs';
import { withScratch, type WasmScratch } from './scratch';

type Shape4 = [number, number, number, number];

/**
 * The depthwise filter gradient (channel multiplier M, NHWC):
 *
 *   dW[p, q, c, m] = sum over b, y, x of  x[b, p*dH + y*sH - top, q*dW + x*sW - left, c] * dy[b, y, x, c*M + m]
 *
 * is a DepthwiseConv2dNative over one image whose channels are (c, b), with dy as its filter
 * ([outH, outW, (c, b), M]): the forward conv's dilations become its strides and the strides
 * its dilations; summing the batch out of the (c, b, m) result leaves dW.
 */
export function depthwiseConv2dNativeBackpropFilter(
  x: TensorInfo,
  dy: TensorInfo,
  attrs: DepthwiseConv2dNativeBackpropFilterAttrs,
  backend: KernelBackend,
): TensorInfo {
  const { strides, dilations, pad, dimRoundingMode, filterShape } = attrs;
  const info = tf.backend_util.computeConv2DInfo(x.shape as Shape4, filterShape, strides, dilations, pad, dimRoundingMode, true);
  tf.util.assertShapesMatch(dy.shape, info.outShape, `DepthwiseConv2dNativeBackpropFilter: dy's shape must be the conv's output shape,`);
  return withScratch(backend, (s) => {
    if (tf.util.sizeFromShape(dy.shape) === 0) return s.zeros(filterShape);
    const [batch, , , channels] = x.shape as Shape4;
    const [, , , multiplier] = filterShape;
    const { filterHeight: fH, filterWidth: fW, strideHeight: sH, strideWidth: sW, dilationHeight: dH, dilationWidth: dW } = info;
    const { inHeight, inWidth, outHeight, outWidth } = info;
    const { top, left } = info.padInfo;
    const bottom = (fH - 1) * dH + (outHeight - 1) * sH - top - (inHeight - 1);
    const right = (fW - 1) * dW + (outWidth - 1) * sW - left - (inWidth - 1);
    const image = s.reshape(s.transpose(x, [1, 2, 3, 0]), [1, inHeight, inWidth, channels * batch]);
    const cropped = s.cropForPad(image, [top, bottom, left, right]);
    const dy5 = s.reshape(dy, [batch, outHeight, outWidth, channels, multiplier]);
    const filter = s.reshape(s.transpose(dy5, [1, 2, 3, 0, 4]), [outHeight, outWidth, channels * batch, multiplier]);
    const grad = s.run(tf.DepthwiseConv2dNative, { x: cropped.x, filter }, { strides: [dH, dW], dilations: [sH, sW], pad: cropped.pad });
    const perBatch = s.reshape(grad, [fH, fW, channels, batch, multiplier]);
    return s.run(tf.Sum, { x: perBatch }, { axis: [3], keepDims: false });
  });
}

/** Spreads the rows and columns of an NHWC tensor `stride` apart, zeros between: [N, H*sH, W*sW, C]. */
function spread(s: WasmScratch, t: TensorInfo, sH: number, sW: number): TensorInfo {
  if (sH === 1 && sW === 1) return t;
  const [n, h, w, c] = t.shape as Shape4;
  const apart = s.run(tf.PadV2, { x: s.reshape(t, [n, h, 1, w, 1, c]) }, { paddings: [[0, 0], [0, 0], [0, sH - 1], [0, 0], [0, sW - 1], [0, 0]], constantValue: 0 });
  return s.reshape(apart, [n, h * sH, w * sW, c]);
}

/**
 * The depthwise input gradient: dy spread out by the strides, then a DepthwiseConv2dNative
 * with the filter turned 180 degrees (each of the C*M channels its own), the dilations kept,
 * padded so that output row i gathers every dy row whose window covered input row i; the
 * multiplier's M channels per input channel are summed.
 */
export function depthwiseConv2dNativeBackpropInput(
  dy: TensorInfo,
  filter: TensorInfo,
  attrs: DepthwiseConv2dNativeBackpropInputAttrs,
  backend: KernelBackend,
): TensorInfo {
  const { strides, dilations, pad, dimRoundingMode, inputShape } = attrs;
  const info = tf.backend_util.computeConv2DInfo(inputShape, filter.shape as Shape4, strides, dilations, pad, dimRoundingMode, true);
  tf.util.assertShapesMatch(dy.shape, info.outShape, `DepthwiseConv2dNativeBackpropInput: dy's shape must be the conv's output shape,`);
  return withScratch(backend, (s) => {
    if (tf.util.sizeFromShape(dy.shape) === 0) return s.zeros(inputShape);
    const [batch, inHeight, inWidth, channels] = inputShape;
    const [fH, fW, , multiplier] = filter.shape as Shape4;
    const { strideHeight: sH, strideWidth: sW, dilationHeight: dH, dilationWidth: dW } = info;
    const spreadDy = spread(s, dy, sH, sW);
    const [, rows, cols] = spreadDy.shape as Shape4;
    // Output row i reads spread rows i + top - (fH-1)*dH ... i + top: pad (or crop) to match.
    const top = (fH - 1) * dH - info.padInfo.top;
    const left = (fW - 1) * dW - info.padInfo.left;
    const cropped = s.cropForPad(spreadDy, [top, inHeight + info.padInfo.top - rows, left, inWidth + info.padInfo.left - cols]);
    const flipped = s.reshape(s.run(tf.Reverse, { x: filter }, { dims: [0, 1] }), [fH, fW, channels * multiplier, 1]);
    const dx = s.run(tf.DepthwiseConv2dNative, { x: cropped.x, filter: flipped }, { strides: [1, 1], dilations: [dH, dW], pad: cropped.pad });
    if (multiplier === 1) return dx;
    const perMultiplier = s.reshape(dx, [batch, inHeight, inWidth, channels, multiplier]);
    return s.run(tf.Sum, { x: perMultiplier }, { axis: [4], keepDims: false });
  });
}

export const depthwiseConv2dNativeBackpropFilterConfig: KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs, backend }) =>
    depthwiseConv2dNativeBackpropFilter(inputs.x!, inputs.dy!, attrs as unknown as DepthwiseConv2dNativeBackpropFilterAttrs, backend as KernelBackend),
};

export const depthwiseConv2dNativeBackpropInputConfig: KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs, backend }) =>
    depthwiseConv2dNativeBackpropInput(inputs.dy!, inputs.filter!, attrs as unknown as DepthwiseConv2dNativeBackpropInputAttrs, backend as KernelBackend),
};
