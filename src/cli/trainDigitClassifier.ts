/**
 * `npm run classifier:digits`: trains the digit classifier DCGAN's KID and FID read and writes
 * public/models/digit-classifier.bin (committed). Seeded; on the wasm backend (1 thread) it
 * writes the same bytes every run. Run through ./launch.mjs, which bundles this file for Node.
 */
import '../zodConfig';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { mnistSplit } from '../engine/data';
import { loadMnistFile, MNIST_FILE } from '../engine/data/mnistFile';
import { CLASSIFIER_PARAM_COUNT } from '../engine/metrics/digitClassifier';
import { DIGIT_CLASSIFIER_PATH, encodeClassifierWeights } from '../engine/metrics/digitClassifierFile';
import { startBackend } from './backend';
import { classifierAccuracy, normalizeFeatureScale, trainDigitClassifier } from './classifierTraining';

tf.enableProdMode();
const started = performance.now();
const backend = await startBackend('wasm');
const data = await loadMnistFile(resolve(MNIST_FILE));
const train = mnistSplit(data, false);
const heldOut = mnistSplit(data, true);
process.stdout.write(`training the digit classifier (${CLASSIFIER_PARAM_COUNT} weights) on ${train.length} digits on ${backend}; ${heldOut.length} held out\n`);
const trained = await trainDigitClassifier(data, { onEpoch: (epoch, loss) => process.stdout.write(`  epoch ${epoch}: mean loss ${loss.toFixed(4)}\n`) });
const weights = await normalizeFeatureScale(trained, data, train);
const trainAccuracy = await classifierAccuracy(weights, data, train);
const heldOutAccuracy = await classifierAccuracy(weights, data, heldOut);
const out = resolve('public', DIGIT_CLASSIFIER_PATH);
const bytes = encodeClassifierWeights(weights);
await writeFile(out, bytes);
process.stdout.write(
  `accuracy: training ${(100 * trainAccuracy).toFixed(2)}%, held out ${(100 * heldOutAccuracy).toFixed(2)}%\n` +
    `wrote ${out} (${bytes.length} bytes) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
);
if (heldOutAccuracy < 0.97) {
  process.stderr.write('error: held-out accuracy below 97%\n');
  process.exitCode = 1;
}
