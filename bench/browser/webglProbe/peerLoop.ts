// A reference iteration with GAN Lab's structure, written plainly on this tfjs: G and D as
// matMul + add + relu chains (3 dense layers each, tanh and sigmoid outputs), log losses on
// D's sigmoid, SGD at 0.1 through optimizer.minimize, 2 D + 1 G updates, noise drawn per
// update. It shows what the same WebGL renderer does with GAN Lab's op structure in the same
// session (the machine's load moves every absolute figure), not GAN Lab's own code or rates.
import * as tf from '@tensorflow/tfjs';

type Layer = { w: tf.Variable; b: tf.Variable };

function dense(inputs: number, outputs: number): Layer {
  return { w: tf.variable(tf.randomNormal([inputs, outputs], 0, 1 / Math.sqrt(inputs))), b: tf.variable(tf.zeros([outputs])) };
}

export interface PeerLoop {
  step(): void;
  /** The last D and G losses, read back. */
  read(): Promise<void>;
  dispose(): void;
}

export function peerLoop(batch: number): PeerLoop {
  const g = [dense(2, 8), dense(8, 8), dense(8, 2)];
  const d = [dense(2, 8), dense(8, 8), dense(8, 1)];
  const vars = (layers: Layer[]) => layers.flatMap((l) => [l.w, l.b]);
  const run = (layers: Layer[], x: tf.Tensor, last: (t: tf.Tensor) => tf.Tensor) =>
    layers.reduce((h, l, i) => (i + 1 < layers.length ? tf.relu(tf.add(tf.matMul(h, l.w), l.b)) : last(tf.add(tf.matMul(h, l.w), l.b))), x);
  const angle = tf.mul(tf.range(0, batch), (2 * Math.PI) / batch);
  const real = tf.keep(tf.add(tf.mul(tf.stack([tf.cos(angle), tf.sin(angle)], 1), 0.3), 0.5));
  const dOpt = tf.train.sgd(0.1);
  const gOpt = tf.train.sgd(0.1);
  let losses: tf.Scalar[] = [];
  const keepLoss = (t: tf.Scalar | null) => t && losses.push(tf.keep(t));
  return {
    step() {
      tf.tidy(() => {
        for (let k = 0; k < 2; k++) {
          keepLoss(
            dOpt.minimize(() => {
              const fake = run(g, tf.randomUniform([batch, 2]), tf.tanh);
              const pReal = run(d, real, tf.sigmoid);
              const pFake = run(d, fake, tf.sigmoid);
              return tf.neg(tf.add(tf.mean(tf.mul(tf.log(pReal), 0.95)), tf.mean(tf.log(tf.sub(1, pFake))))) as tf.Scalar;
            }, true, vars(d) as tf.Variable[]),
          );
        }
        keepLoss(gOpt.minimize(() => tf.neg(tf.mean(tf.log(run(d, run(g, tf.randomUniform([batch, 2]), tf.tanh), tf.sigmoid)))) as tf.Scalar, true, vars(g) as tf.Variable[]));
      });
    },
    async read() {
      if (losses.length === 0) return;
      const stacked = tf.stack(losses);
      tf.dispose(losses);
      losses = [];
      await stacked.data();
      stacked.dispose();
    },
    dispose() {
      tf.dispose([...vars(g), ...vars(d), real, ...losses]);
      dOpt.dispose();
      gOpt.dispose();
    },
  };
}
