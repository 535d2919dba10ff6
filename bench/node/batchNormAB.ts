// A case's step on wasm with the fused batch norm (src/engine/models/fusedBatchNorm.ts) and with
// tfjs-layers' own, interleaved in one process (16 windows of 10 steps each), so the machine's
// drift hits both alike; prints CPU ms per step and the per-window ratio:
//   node src/cli/launch.mjs bench/node/batchNormAB.ts [case] [--threads N]
import { loadavg } from 'node:os';
import { GanTrainer } from '../../src/engine/trainer';
import { benchCase, CASE_IDS, type CaseId } from '../cases';
import { buildSetup, useBackend } from './host';

const id = (process.argv.find((a) => (CASE_IDS as readonly string[]).includes(a)) ?? 'pix2pix32') as CaseId;
const threadsArg = process.argv.indexOf('--threads');
const threads = threadsArg > 0 ? Number(process.argv[threadsArg + 1]) : 1;
await useBackend('wasm', threads);
const c = benchCase(id);
const make = async (fused: boolean) => {
  const setup = await buildSetup({ ...c.settings, backend: 'wasm' });
  // The fused call is an own property of each layer (fuseBatchNormTraining); without it, the class's.
  const layers = [setup.models.generator, setup.models.discriminator].flatMap((m) => m.layers).filter((l) => l.getClassName() === 'BatchNormalization');
  if (!fused) layers.forEach((l) => delete (l as { call?: unknown }).call);
  return new GanTrainer({ ...c.settings, networks: setup.networks, data: setup.data });
};
const trainers = [await make(false), await make(true)];
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
for (const t of trainers) {
  for (let i = 0; i < 5; i++) t.step();
  await t.flush();
}
const cpuMs: number[][] = [[], []];
const wallMs: number[][] = [[], []];
for (let r = 0; r < 16; r++) {
  for (let k = 0; k < 2; k++) {
    const t = trainers[k]!;
    const [w0, c0] = [performance.now(), cpu()];
    for (let i = 0; i < 10; i++) t.step();
    await t.flush();
    cpuMs[k]!.push((cpu() - c0) / 10);
    wallMs[k]!.push((performance.now() - w0) / 10);
  }
}
const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
const ratios = cpuMs[0]!.map((p, i) => p / cpuMs[1]![i]!);
console.log(`${id} ${threads} thread(s), load ${loadavg()[0]!.toFixed(1)}: CPU ms/step plain median ${med(cpuMs[0]!).toFixed(1)} min ${Math.min(...cpuMs[0]!).toFixed(1)}, fused median ${med(cpuMs[1]!).toFixed(1)} min ${Math.min(...cpuMs[1]!).toFixed(1)}; per-window plain/fused CPU ratio median ${med(ratios).toFixed(2)}; wall ms/step plain ${med(wallMs[0]!).toFixed(1)} fused ${med(wallMs[1]!).toFixed(1)}`);
trainers.forEach((t) => t.dispose());
// The threaded build's workers would keep Node running.
process.exit(0);
