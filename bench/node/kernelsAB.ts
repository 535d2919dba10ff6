// A case's step on wasm with this project's Identity, Concat, SplitV and activation-gradient
// kernels (src/engine/wasm/identity.ts, concatSplit.ts, activationGrad.ts) and with tfjs's own,
// swapped every 10 steps in one process (16 windows each), so the machine's drift hits both
// alike; prints CPU ms per step and the per-window ratio. (The moving averages inside the batch
// norm kernel have no switch: both sides run them.)
//   node src/cli/launch.mjs bench/node/kernelsAB.ts [case] [--threads N] [--no-diag]
import { loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { GanTrainer } from '../../src/engine/trainer';
import { benchCase, CASE_IDS, type CaseId } from '../cases';
import { buildSetup, useBackend } from './host';

const id = (process.argv.find((a) => (CASE_IDS as readonly string[]).includes(a)) ?? 'pix2pix32') as CaseId;
const threadsArg = process.argv.indexOf('--threads');
const threads = threadsArg > 0 ? Number(process.argv[threadsArg + 1]) : 1;
// tfjs's own, before the engine's start-up replaces or wraps them.
const NAMES = [tf.Identity, tf.Concat, tf.SplitV];
const theirKernels = NAMES.map((n) => tf.getKernel(n, 'wasm'));
const theirGrads = [tf.getGradient(tf.LeakyRelu), tf.getGradient(tf.Relu)];
await useBackend('wasm', threads);
const ourKernels = NAMES.map((n) => tf.getKernel(n, 'wasm'));
const ourGrads = [tf.getGradient(tf.LeakyRelu), tf.getGradient(tf.Relu)];
const use = (ours: boolean) => {
  NAMES.forEach((n, i) => {
    tf.unregisterKernel(n, 'wasm');
    tf.registerKernel((ours ? ourKernels : theirKernels)[i]!);
  });
  (ours ? ourGrads : theirGrads).forEach((g) => tf.registerGradient(g));
};
const base = benchCase(id);
const settings = { ...base.settings, gradEvery: process.argv.includes('--no-diag') ? 0 : base.settings.gradEvery };
const make = async () => {
  const setup = await buildSetup({ ...settings, backend: 'wasm' });
  return new GanTrainer({ ...settings, networks: setup.networks, data: setup.data });
};
const trainers = [await make(), await make()];
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
for (const [k, t] of trainers.entries()) {
  use(k === 1);
  for (let i = 0; i < 5; i++) t.step();
  await t.flush();
}
const cpuMs: number[][] = [[], []];
for (let r = 0; r < 16; r++) {
  for (let k = 0; k < 2; k++) {
    use(k === 1);
    const t = trainers[k]!;
    const c0 = cpu();
    for (let i = 0; i < 10; i++) t.step();
    await t.flush();
    cpuMs[k]!.push((cpu() - c0) / 10);
  }
}
const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
const ratios = cpuMs[0]!.map((p, i) => p / cpuMs[1]![i]!);
console.log(
  `${id} ${threads} thread(s), load ${loadavg()[0]!.toFixed(1)}: CPU ms/step tfjs's kernels median ${med(cpuMs[0]!).toFixed(1)} min ${Math.min(...cpuMs[0]!).toFixed(1)}, ours median ${med(cpuMs[1]!).toFixed(1)} min ${Math.min(...cpuMs[1]!).toFixed(1)}; per-window ratio median ${med(ratios).toFixed(2)} (range ${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)})`,
);
trainers.forEach((t) => t.dispose());
// The threaded build's workers would keep Node running.
process.exit(0);
