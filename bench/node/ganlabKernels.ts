// Kernels per iteration of the "GAN Lab default" case, per kernel name, counted with
// tf.profile: unlike a rate, the count does not depend on the machine's load. One figure over
// ten iterations (the page's default records gradient diagnostics every 10th), one for a
// plain iteration.   node src/cli/launch.mjs bench/node/ganlabKernels.ts [wasm|cpu]
import * as tf from '@tensorflow/tfjs';
import { GanTrainer } from '../../src/engine/trainer';
import { benchCase } from '../cases';
import { buildSetup, NODE_BACKENDS, useBackend, type NodeBackend } from './host';

const backend = (process.argv[2] ?? 'wasm') as NodeBackend;
if (!NODE_BACKENDS.includes(backend)) throw new Error(`backend: one of ${NODE_BACKENDS.join(', ')}`);
await useBackend(backend, 1);
const c = benchCase('ganlab');
const setup = await buildSetup({ ...c.settings, backend });
const trainer = new GanTrainer({ ...c.settings, networks: setup.networks, data: setup.data });

async function perIteration(iterations: number): Promise<{ total: number; byName: [string, number][] }> {
  const profile = await tf.profile(() => {
    for (let i = 0; i < iterations; i++) trainer.step();
  });
  await trainer.flush();
  const counts = new Map<string, number>();
  // A custom-gradient op is listed under its scope's name ("forward", "unnamed scope").
  for (const k of profile.kernels) counts.set(k.name, (counts.get(k.name) ?? 0) + 1);
  const byName = [...counts].map(([name, n]): [string, number] => [name, n / iterations]).sort((a, b) => b[1] - a[1]);
  return { total: profile.kernels.length / iterations, byName };
}

for (let i = 0; i < 21; i++) trainer.step(); // warm up; the next iteration is not a diagnostics one
await trainer.flush();
const show = (label: string, r: { total: number; byName: [string, number][] }) =>
  console.log(`${label}: ${r.total} kernels\n  ${r.byName.map(([name, n]) => `${name} ${n}`).join(', ')}`);
show(`${backend}, one iteration without gradient diagnostics`, await perIteration(1));
for (let i = 0; i < 8; i++) trainer.step();
show(`${backend}, mean of 10 iterations (gradEvery ${trainer.gradEvery})`, await perIteration(10));
trainer.dispose();
setup.models.dispose();
