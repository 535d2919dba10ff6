// The webgl kernels of our own (src/engine/webgl) against the cpu backend's plain ops: the same
// MLPs, inputs and weights on both backends (made from a seeded generator, not tfjs's random
// ops), then the output, the BCE loss, every gradient, and the weights after three SGD and
// three Adam steps. Differences are relative to each tensor's largest magnitude on cpu.
// test/e2e/webglKernels.test.ts runs it in Chromium.
import * as tf from '@tensorflow/tfjs';
import { bceMeanWithLogits, bceWithLogits } from '../../../src/losses/bceWithLogits';
import { fusedMlp, type Activation, type MlpLayer } from '../../../src/engine/models/fusedMlp';
import { buildOptimizer } from '../../../src/engine/optimizers';
import { dHealthSeries } from '../../../src/engine/dHealth';

export interface KernelCase {
  readonly label: string;
  readonly batch: number;
  /** Input width, then each layer's width. */
  readonly widths: readonly number[];
  /** Each layer's activation (null: linear). */
  readonly activations: readonly (Activation | null)[];
  readonly bias: boolean;
  readonly label01: number;
}

export interface KernelDifference {
  readonly label: string;
  readonly backend: string;
  /** Kernels of ours that ran on the compared backend (none would compare tfjs with itself). */
  readonly ownKernels: number;
  readonly worst: number;
  readonly where: string;
  /** Each compared tensor's difference, by name. */
  readonly each: Record<string, number>;
}

/** A seeded uniform stream in [-scale, scale) (mulberry32), the same on every backend. */
function stream(seed: number): (n: number, scale: number) => Float32Array {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (n, scale) => Float32Array.from({ length: n }, () => (next() * 2 - 1) * scale);
}

/** Everything compared, read back as arrays, computed on the active backend. */
async function runCase(c: KernelCase): Promise<{ names: string[]; values: Float32Array[]; own: number }> {
  const random = stream(c.batch * 1000 + c.widths.length);
  const x = tf.tensor2d(random(c.batch * c.widths[0]!, 1), [c.batch, c.widths[0]!]);
  const made = c.activations.map((_, i) => {
    const [k, m] = [c.widths[i]!, c.widths[i + 1]!];
    return {
      kernel: tf.variable(tf.tensor2d(random(k * m, Math.sqrt(3 / k)), [k, m]), true),
      bias: c.bias ? tf.variable(tf.tensor1d(random(m, 0.5)), true) : null,
    };
  });
  const layers: MlpLayer[] = made.map((v, i) => {
    const a = c.activations[i];
    return { kernel: () => v.kernel, bias: v.bias ? () => v.bias! : null, activations: a ? [a] : [] };
  });
  const vars: tf.Variable[] = made.flatMap((v) => (v.bias ? [v.kernel, v.bias] : [v.kernel]));
  const forward = fusedMlp(layers);
  const loss = (input: tf.Tensor) => {
    const out = forward(input);
    return (bceMeanWithLogits(out, c.label01) ?? tf.mean(bceWithLogits(out, c.label01))) as tf.Scalar;
  };
  const names: string[] = [];
  const values: Float32Array[] = [];
  const take = (name: string, t: tf.Tensor) => {
    names.push(name);
    values.push(t.dataSync() as Float32Array);
  };
  tf.tidy(() => {
    take('output', forward(x));
    const { value, grads } = tf.variableGrads(() => loss(x), vars);
    take('loss', value);
    vars.forEach((v, i) => take(`gradient ${i}`, grads[v.name]!));
    take('input gradient', tf.grad(loss)(x));
  });
  for (const type of ['sgd', 'adam'] as const) {
    const saved = vars.map((v) => tf.clone(v));
    // Adam's epsilon given: left out, each backend supplies its own, and webgl's here is not cpu's
    // 1e-7 (measured: differences of 1e-2 after three steps, where every gradient agreed to 1e-6).
    const optimizer = buildOptimizer(type === 'sgd' ? { type, learningRate: 0.1 } : { type, learningRate: 0.01, epsilon: 1e-7 });
    for (let step = 0; step < 3; step++) optimizer.minimize(() => loss(x), false, vars);
    vars.forEach((v, i) => take(`${type} weights ${i} after 3 steps`, v));
    optimizer.dispose();
    vars.forEach((v, i) => v.assign(saved[i]!));
    tf.dispose(saved);
  }
  // Our kernels that ran in one gradient (tf.profile names each kernel), so a fallback to
  // tfjs's ops cannot pass as a comparison.
  const profile = await tf.profile(() => {
    const { value, grads } = tf.variableGrads(() => loss(x), vars);
    tf.dispose([value, ...Object.values(grads)]);
  });
  const own = profile.kernels.filter((k) => k.name.startsWith('Glp')).length;
  tf.dispose([x, ...vars]);
  return { names, values, own };
}

export const KERNEL_CASES: readonly KernelCase[] = [
  { label: 'GAN Lab D: 2 -> 8 relu -> 8 relu -> 1, batch 150', batch: 150, widths: [2, 8, 8, 1], activations: [{ kind: 'relu' }, { kind: 'relu' }, null], bias: true, label01: 1 },
  { label: 'GAN Lab G: 2 -> 8 relu -> 8 relu -> 2, batch 150, label 0', batch: 150, widths: [2, 8, 8, 2], activations: [{ kind: 'relu' }, { kind: 'relu' }, null], bias: true, label01: 0 },
  { label: 'widths 1 and 64, leaky relu, batch 7', batch: 7, widths: [3, 64, 1, 5], activations: [{ kind: 'leakyRelu', alpha: 0.2 }, { kind: 'tanh' }, { kind: 'sigmoid' }], bias: true, label01: 0.9 },
  { label: 'width 33, no bias, batch 1', batch: 1, widths: [5, 33, 1], activations: [{ kind: 'sigmoid' }, null], bias: false, label01: 1 },
  { label: 'batch 257, widths 17 and 64', batch: 257, widths: [17, 64, 17, 1], activations: [{ kind: 'tanh' }, { kind: 'relu' }, { kind: 'leakyRelu', alpha: 0.01 }], bias: true, label01: 0 },
];

/** Each value's difference relative to its cpu tensor's largest magnitude, and the worst. */
function compare(label: string, reference: { names: string[]; values: Float32Array[] }, other: { values: Float32Array[]; own: number }): KernelDifference {
  let worst = 0;
  let where = '';
  const each: Record<string, number> = {};
  reference.values.forEach((p, i) => {
    const q = other.values[i]!;
    const scale = Math.max(...p.map(Math.abs)) || 1;
    const diff = p.length === q.length ? Math.max(...p.map((v, j) => Math.abs(v - q[j]!))) / scale : Infinity;
    each[reference.names[i]!] = diff;
    if (!(diff <= worst)) [worst, where] = [diff, reference.names[i]!];
  });
  return { label, backend: tf.getBackend(), ownKernels: other.own, worst, where, each };
}

export async function compareKernels(backend: string): Promise<KernelDifference[]> {
  const results: KernelDifference[] = [];
  for (const c of KERNEL_CASES) {
    await tf.setBackend('cpu');
    const reference = await runCase(c);
    await tf.setBackend(backend);
    results.push(compare(c.label, reference, await runCase(c)));
  }
  return results;
}

/** Critic outputs for the D-health series: real and fake shapes, the threshold, and every `tieEvery`-th output exactly at it (ties count as misses). */
export const HEALTH_CASES = [
  { label: 'GAN Lab default: [150, 1] logits, threshold 0', real: [150, 1], fake: [150, 1], threshold: 0, tieEvery: 10 },
  { label: 'lsgan labels: threshold 0.5, batch 7', real: [7, 1], fake: [7, 1], threshold: 0.5, tieEvery: 3 },
  { label: 'patch critic [4, 3, 3, 1] against [2, 5, 5, 1]', real: [4, 3, 3, 1], fake: [2, 5, 5, 1], threshold: -0.25, tieEvery: 0 },
] as const;

/** dHealthSeries (engine/dHealth.ts: its webgl kernel there, tfjs's ops on cpu) on the same outputs on both backends. */
export async function compareCriticHealth(backend: string): Promise<KernelDifference[]> {
  const results: KernelDifference[] = [];
  for (const c of HEALTH_CASES) {
    const run = async () => {
      const random = stream(c.real.length * 100 + c.fake.length);
      const outputs = (shape: readonly number[]) => {
        const values = random(shape.reduce((a, b) => a * b, 1), 2);
        if (c.tieEvery > 0) for (let i = 0; i < values.length; i += c.tieEvery) values[i] = c.threshold;
        return tf.tensor(values, [...shape]);
      };
      const [real, fake] = [outputs(c.real), outputs(c.fake)];
      const profile = await tf.profile(() => dHealthSeries({ real, fake }, c.threshold)!.values);
      const series = dHealthSeries({ real, fake }, c.threshold)!;
      const values = [(await series.values.data()) as Float32Array];
      tf.dispose([real, fake, series.values, profile.result as tf.Tensor]);
      return { names: [series.names.join(', ')], values, own: profile.kernels.filter((k) => k.name.startsWith('Glp')).length };
    };
    await tf.setBackend('cpu');
    const reference = await run();
    await tf.setBackend(backend);
    results.push(compare(c.label, reference, await run()));
  }
  return results;
}
