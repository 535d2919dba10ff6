import '../../src/zodConfig'; // as every entry does: zod without eval
import * as tf from '@tensorflow/tfjs';
import { beforeAll } from 'vitest';

// Unit tests run in Node on tfjs's reference cpu backend (tfjs-node cannot be installed here).
beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});
