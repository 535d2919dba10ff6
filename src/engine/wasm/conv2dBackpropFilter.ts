import * as tf from '@tensorflow/tfjs';
import type { Conv2DBackpropFilterAttrs, KernelBackend, KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import { withScratch } from './scratch';

/**
 * Conv2D's filter gradient from the wasm backend's own kernels (tfjs 4.22 ships none):
 *
 *   dW[r, c, i, o] = sum over b, y, x of  x[b, r + y*sH - top, c + x*sW - left, i] * dy[b, y, x, o]
 *
 * is a Conv2D of x with dy as its filter, the strides becoming dilations: x transposed to
 * [in, H, W, batch] is a batch of `in` images whose channels are the batch, dy transposed to
 * [outH, outW, batch, out] is a filter, and the conv's [in, fH, fW, out] result transposed
 * is dW. The padding is tfjs's own (computeConv2DInfo, as the cpu kernel uses it); the rows
 * and columns the forward conv never reached are cropped, since a conv takes no negative pad.
 */
export function conv2DBackpropFilter(x: TensorInfo, dy: TensorInfo, attrs: Conv2DBackpropFilterAttrs, backend: KernelBackend): TensorInfo {
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;
  const format = tf.backend_util.convertConv2DDataFormat(dataFormat);
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, format);
  tf.util.assertShapesMatch(dy.shape, info.outShape, `Conv2DBackpropFilter: dy's shape must be the conv's output shape,`);
  return withScratch(backend, (s) => {
    if (tf.util.sizeFromShape(dy.shape) === 0) return s.zeros(filterShape);
    const [xNhwc, dyNhwc] = format === 'channelsLast' ? [x, dy] : [s.transpose(x, [0, 2, 3, 1]), s.transpose(dy, [0, 2, 3, 1])];
    const { filterHeight: fH, filterWidth: fW, strideHeight: sH, strideWidth: sW, inHeight, inWidth, outHeight, outWidth } = info;
    const { top, left } = info.padInfo;
    // The last row the filter's bottom tap reads, less the last row of x: padding if positive.
    const bottom = fH - 1 + (outHeight - 1) * sH - top - (inHeight - 1);
    const right = fW - 1 + (outWidth - 1) * sW - left - (inWidth - 1);
    const images = s.cropForPad(s.transpose(xNhwc, [3, 1, 2, 0]), [top, bottom, left, right]);
    const filter = s.transpose(dyNhwc, [1, 2, 0, 3]);
    const grad = s.run(tf.Conv2D, { x: images.x, filter }, { strides: [1, 1], dilations: [sH, sW], pad: images.pad, dataFormat: 'NHWC' });
    return s.transpose(grad, [1, 2, 0, 3]);
  });
}

export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs, backend }) =>
    conv2DBackpropFilter(inputs.x!, inputs.dy!, attrs as unknown as Conv2DBackpropFilterAttrs, backend as KernelBackend),
};
