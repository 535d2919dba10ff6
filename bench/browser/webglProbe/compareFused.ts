// fusedMlp's webgl form (fused products, bias gradients as products) against its plain form on
// the same backend: the largest differences of outputs and gradients, relative to each
// tensor's largest magnitude. test/e2e/webglFusedMlp.test.ts runs it on webgl.
import * as tf from '@tensorflow/tfjs';
import { buildModels } from '../../../src/engine/models';
import { ALL_GRADIENTS, fusedMlp } from '../../../src/engine/models/fusedMlp';
import { mlpLayers } from '../../../src/engine/models/plainForward';

export interface FusedDifference {
  readonly backend: string;
  readonly network: string;
  /** max |fused - plain| / max |plain| over the output, the input gradient and each weight gradient. */
  readonly worst: number;
  readonly where: string;
}

export async function compareFused(backend: string): Promise<FusedDifference[]> {
  await tf.setBackend(backend);
  const models = buildModels({ family: 'toy', layers: 2, units: 8, activation: 'relu', seed: 3 });
  const x = tf.randomUniform([150, 2], -1, 1, 'float32', 7);
  const results: FusedDifference[] = [];
  for (const [network, model] of [['G', models.generator], ['D', models.discriminator]] as const) {
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const run = (fuse: boolean) =>
      tf.tidy(() => {
        const forward = fusedMlp(mlpLayers(model)!, ALL_GRADIENTS, () => fuse);
        const c = tf.randomUniform([150, model.outputs[0]!.shape[1] as number], -1, 1, 'float32', 11);
        const { grads } = tf.variableGrads(() => tf.sum(tf.mul(forward(x), c)) as tf.Scalar, vars);
        const dx = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(forward(input), c)))(x);
        return [forward(x), dx, ...vars.map((v) => grads[v.name]!)].map((t) => t.dataSync().slice());
      });
    const fused = run(true);
    const plain = run(false);
    const names = ['output', 'input gradient', ...vars.map((v) => `gradient of ${v.name}`)];
    let worst = 0;
    let where = '';
    plain.forEach((p, i) => {
      const scale = Math.max(...p.map(Math.abs)) || 1;
      const diff = Math.max(...p.map((v, j) => Math.abs(v - fused[i]![j]!))) / scale;
      if (!(diff <= worst)) [worst, where] = [diff, names[i]!];
    });
    results.push({ backend: tf.getBackend(), network, worst, where });
  }
  x.dispose();
  models.dispose();
  return results;
}
