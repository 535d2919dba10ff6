// tfjs-backend-webgl's packing turned off for a while. Our webgl kernels (kernels.ts) read and
// write one float per texel; the tfjs kernels between them in a toy update (the tape's sums of
// a variable's gradients, the losses' sums, the recorded series) pack by default, so each of
// them costs a pack shader per input and an unpack after: on the GAN Lab default ~60 of ~217
// shader dispatches per iteration (bench/browser/webglProbe.ts). Unpacked, they cost none.
import * as tf from '@tensorflow/tfjs';

/** WEBGL_PACK and the flags whose defaults follow it (tfjs-backend-webgl 4.22's flags_webgl.js). */
const PACKING_FLAGS = [
  'WEBGL_PACK',
  'WEBGL_PACK_NORMALIZATION',
  'WEBGL_PACK_CLIP',
  'WEBGL_PACK_DEPTHWISECONV',
  'WEBGL_PACK_BINARY_OPERATIONS',
  'WEBGL_PACK_UNARY_OPERATIONS',
  'WEBGL_PACK_ARRAY_OPERATIONS',
  'WEBGL_PACK_IMAGE_OPERATIONS',
  'WEBGL_PACK_REDUCE',
  'WEBGL_LAZILY_UNPACK',
  'WEBGL_CONV_IM2COL',
  'WEBGL_PACK_CONV2DTRANSPOSE',
] as const;

/**
 * Runs `f` with every packing flag off on the webgl backend, then sets each back as it was
 * (each is read first, so a default that follows WEBGL_PACK is not computed while it is off);
 * elsewhere just runs `f`. Only for work whose heavy kernels are ours: tfjs's convolutions and
 * products are slower unpacked.
 */
export function withoutWebglPacking<T>(f: () => T): T {
  if (tf.getBackend() !== 'webgl') return f();
  const env = tf.env();
  const before = PACKING_FLAGS.map((name) => env.getBool(name));
  if (before.every((on) => !on)) return f();
  for (const name of PACKING_FLAGS) env.set(name, false);
  try {
    return f();
  } finally {
    PACKING_FLAGS.forEach((name, i) => env.set(name, before[i]!));
  }
}
