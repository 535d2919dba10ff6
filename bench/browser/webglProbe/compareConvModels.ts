// DCGAN's and pix2pix's networks (convs, transposed convs, batch norm in training mode) on a
// backend against the cpu backend: outputs and every weight gradient of a fixed objective, the
// same weights on both. test/e2e/webglKernels.test.ts runs it on webgl, where the conv models
// were otherwise only trained in the e2e tests on webgpu.
import * as tf from '@tensorflow/tfjs';
import { buildModels } from '../../../src/engine/models';
import type { ModelConfig } from '../../../src/engine/models/config';

export interface ConvDifference {
  readonly backend: string;
  readonly network: string;
  /** max |backend - cpu| / max |cpu| over the output and each weight gradient. */
  readonly worst: number;
  readonly where: string;
  readonly tensors: number;
}

const CONFIGS: readonly ModelConfig[] = [
  { family: 'dcgan', width: 8, seed: 5 },
  { family: 'pix2pix', size: 32, width: 8, seed: 5 },
];

/** The output and the weight gradients of sum(output * c) for `model` on x, as arrays. */
async function outputsAndGradients(model: tf.LayersModel, weights: Float32Array[] | null): Promise<{ values: Float32Array[]; weights: Float32Array[]; names: string[] }> {
  if (weights) {
    // setWeights copies into the model's variables: the tensors made here are freed after.
    const shapes = model.getWeights().map((w) => w.shape);
    const given = weights.map((w, i) => tf.tensor(w, shapes[i]));
    model.setWeights(given);
    tf.dispose(given);
  }
  const shape = [2, ...(model.inputs[0]!.shape.slice(1) as number[])];
  const x = tf.randomUniform(shape, -1, 1, 'float32', 17);
  const outShape = [2, ...(model.outputs[0]!.shape.slice(1) as number[])];
  const c = tf.randomUniform(outShape, -1, 1, 'float32', 19);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(model.apply(x, { training: true }) as tf.Tensor, c)) as tf.Scalar, vars);
  const out = tf.tidy(() => model.apply(x, { training: true }) as tf.Tensor);
  const tensors = [out, ...vars.map((v) => grads[v.name]!)];
  const values = await Promise.all(tensors.map(async (t) => (await t.data()) as Float32Array));
  const own = await Promise.all(model.getWeights().map(async (w) => (await w.data()) as Float32Array));
  tf.dispose([x, c, value, out, ...Object.values(grads)]);
  return { values, weights: own, names: ['output', ...vars.map((v) => `gradient of ${v.name}`)] };
}

export async function compareConvModels(backend: string): Promise<ConvDifference[]> {
  const results: ConvDifference[] = [];
  for (const config of CONFIGS) {
    for (const network of ['generator', 'discriminator'] as const) {
      await tf.setBackend('cpu');
      const cpuModels = buildModels(config);
      const cpu = await outputsAndGradients(cpuModels[network], null);
      cpuModels.dispose();
      await tf.setBackend(backend);
      const models = buildModels(config);
      const other = await outputsAndGradients(models[network], cpu.weights);
      models.dispose();
      let worst = 0;
      let where = '';
      cpu.values.forEach((p, i) => {
        const q = other.values[i]!;
        let scale = 0;
        for (const v of p) scale = Math.max(scale, Math.abs(v));
        let diff = 0;
        for (let j = 0; j < p.length; j++) diff = Math.max(diff, Math.abs(p[j]! - q[j]!));
        const rel = diff / (scale || 1);
        if (!(rel <= worst)) [worst, where] = [rel, cpu.names[i]!];
      });
      results.push({ backend: tf.getBackend(), network: `${config.family} ${network}`, worst, where, tensors: cpu.values.length });
    }
  }
  return results;
}
