// DCGAN's quality: KID and FID between the digit classifier's features of the held-out digits
// (never seen by the classifier) and of a fixed-noise batch of generated digits, and the
// entropy of the classes it predicts for the generated ones. The device runs G and the
// classifier; the features are read back once (await data()) and reduced in float64.
import * as tf from '@tensorflow/tfjs';
import type { Tensor, Tensor2D, Tensor4D } from '@tensorflow/tfjs';
import { metricName } from '../../manager';
import { mnistImages, mnistSplit, type MnistData } from '../data';
import type { GanNetworks } from '../trainerTypes';
import { classEntropy } from './classEntropy';
import { CLASSES, classifierForward, classifierTensors, FEATURE_DIM } from './digitClassifier';
import { features, type Features } from './features';
import { featureStats, frechetDistance, type FeatureStats } from './fid';
import { prepareKid } from './kid';

/** What the measure reads besides G: plain data, no tensors (the classifier is built per measurement). */
export interface DigitMetricAssets {
  readonly mnist: MnistData;
  /** In CLASSIFIER_SHAPES order (digitClassifierFile.ts). */
  readonly classifierWeights: readonly Float32Array[];
}

/** Generated digits per measurement, from a fixed noise seed, in batches. */
export const DIGIT_EVAL_FAKES = 1000;
const FAKE_BATCH = 250;
const NOISE_SEED = 535_353;
/** KID's subsets (torch-fidelity's defaults; m = min(1000, real, generated) = 1000 for all ten classes). */
export const KID_SUBSETS = 100;
export const KID_SUBSET_SIZE = 1000;
const KID_SEED = 7;
const REAL_BATCH = 500;

/** Features and predicted classes of `images` ([n, 28, 28, 1] in [-1, 1]), read back. */
async function readClassifier(compute: () => { features: Tensor2D; classes: Tensor }): Promise<{ f: Float32Array; classes: Int32Array }> {
  const out = tf.tidy(compute);
  try {
    const [f, classes] = await Promise.all([out.features.data() as Promise<Float32Array>, out.classes.data() as Promise<Int32Array>]);
    return { f, classes };
  } finally {
    tf.dispose([out.features, out.classes]);
  }
}

/** Features of `indices`' digits, in batches. */
async function realFeatures(params: readonly Tensor[], mnist: MnistData, indices: readonly number[]): Promise<Features> {
  const values = new Float32Array(indices.length * FEATURE_DIM);
  for (let start = 0; start < indices.length; start += REAL_BATCH) {
    const { images, labels } = mnistImages(mnist, indices.slice(start, start + REAL_BATCH));
    const { f } = await readClassifier(() => {
      const out = classifierForward(params, tf.tensor4d(images, [labels.length, mnist.rows, mnist.cols, 1]));
      return { features: out.features, classes: tf.argMax(out.logits, 1) };
    });
    values.set(f, start * FEATURE_DIM);
  }
  return features(values, indices.length, FEATURE_DIM);
}

/**
 * The DCGAN measure of a run: `digits` is the run's data.digits (the held-out digits of those
 * classes are the real set). Returns null where the held-out set has fewer than 2 digits.
 */
export function digitQuality(assets: DigitMetricAssets, digits: readonly number[] | undefined, networks: GanNetworks) {
  const indices = mnistSplit(assets.mnist, true, digits);
  const { sampleNoise } = networks;
  if (!sampleNoise) throw new Error('the digit quality measure needs the generator noise (networks.sampleNoise)');
  if (indices.length < 2) return null;
  let real: { kid: ReturnType<typeof prepareKid>; stats: FeatureStats } | null = null;
  return {
    names: ['KID', 'FID', 'classEntropy'].map(metricName),
    /** KID, FID and the class entropy, in `names` order. */
    async read(): Promise<number[]> {
      const params = classifierTensors(assets.classifierWeights);
      try {
        if (!real) {
          const f = await realFeatures(params, assets.mnist, indices);
          real = { kid: prepareKid(f, { subsets: KID_SUBSETS, subsetSize: KID_SUBSET_SIZE, seed: KID_SEED }), stats: featureStats(f) };
        }
        const { f, classes } = await readClassifier(() => {
          const parts = [];
          for (let b = 0; b < DIGIT_EVAL_FAKES / FAKE_BATCH; b++) {
            // Inference mode (predict): batch norm's moving statistics. The same noise every time.
            const fake = networks.generator.predict(sampleNoise(FAKE_BATCH, NOISE_SEED + b)) as Tensor4D;
            parts.push(classifierForward(params, fake));
          }
          return { features: tf.concat(parts.map((p) => p.features)), classes: tf.argMax(tf.concat(parts.map((p) => p.logits)), 1) };
        });
        const fake = features(f, DIGIT_EVAL_FAKES, FEATURE_DIM);
        return [real.kid.against(fake), frechetDistance(real.stats, featureStats(fake)), classEntropy(classes, CLASSES)];
      } finally {
        tf.dispose(params);
      }
    },
  };
}
