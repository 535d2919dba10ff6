// One case's step on wasm, profiled:
//   node src/cli/launch.mjs bench/node/profileCase.ts [case] [--rate] [--each] [--no-diag] [--threads N]
// Prints the per-kernel self times (kernelProfile.ts) and the step's CPU time; --rate times
// plain steps (no kernel wrappers) for steps/s and steps per CPU-second, 3 rounds of 4 s;
// --each each step's CPU time; --no-diag turns the page's gradient diagnostics off.
import { loadavg } from 'node:os';
import { GanTrainer } from '../../src/engine/trainer';
import { benchCase, CASE_IDS, type CaseId } from '../cases';
import { buildSetup, useBackend } from './host';
import { profileSteps } from './kernelProfile';

const FLAGS = new Set(['--rate', '--each', '--no-diag', '--threads']);
// A mistyped case ("dcgan" for dcgan28) used to profile pix2pix32 under the typed name's rows.
const words = process.argv.slice(2).filter((a, i, all) => !FLAGS.has(a) && all[i - 1] !== '--threads');
const unknown = words.filter((a) => !(CASE_IDS as readonly string[]).includes(a));
if (unknown.length > 0 || words.length > 1) {
  console.error(`profileCase: ${unknown.length > 0 ? `unknown ${unknown.map((a) => JSON.stringify(a)).join(', ')}` : 'one case at a time'}; cases: ${CASE_IDS.join(', ')}; flags: ${[...FLAGS].join(' ')}`);
  process.exit(2);
}
const id = (words[0] ?? 'pix2pix32') as CaseId;
const rateOnly = process.argv.includes('--rate');
const base = benchCase(id);
const gradEvery = process.argv.includes('--no-diag') ? 0 : base.settings.gradEvery;
const c = { ...base, settings: { ...base.settings, gradEvery } };
const threadsArg = process.argv.indexOf('--threads');
const threads = threadsArg > 0 ? Number(process.argv[threadsArg + 1]) : 1;
await useBackend('wasm', threads);
const setup = await buildSetup({ ...c.settings, backend: 'wasm' });
const trainer = new GanTrainer({ ...c.settings, networks: setup.networks, data: setup.data });
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
if (rateOnly) {
  for (let i = 0; i < 5; i++) trainer.step();
  await trainer.flush();
  for (let r = 0; r < 3; r++) {
    const [t0, c0] = [performance.now(), cpu()];
    let n = 0;
    while (performance.now() - t0 < 4000) {
      trainer.step();
      if (++n % 10 === 0) await trainer.flush();
    }
    await trainer.flush();
    const [wall, cpuMs] = [performance.now() - t0, cpu() - c0];
    console.log(`${id} wasm ${threads} thread(s): ${((n * 1000) / wall).toFixed(2)} steps/s, ${((n * 1000) / cpuMs).toFixed(2)} per CPU-s, load ${loadavg()[0]!.toFixed(2)}`);
  }
} else if (process.argv.includes('--each')) {
  for (let i = 0; i < 5; i++) trainer.step();
  await trainer.flush();
  const times: string[] = [];
  for (let i = 0; i < 30; i++) {
    const c0 = cpu();
    trainer.step();
    await trainer.flush();
    times.push((cpu() - c0).toFixed(0));
  }
  console.log(`${id} CPU ms per step: ${times.join(' ')}`);
} else {
  const p = await profileSteps(() => trainer.step(), () => trainer.flush(), { rounds: 3, steps: 10, warmup: 5 });
  console.log(`${id}: step ${p.stepMs.toFixed(1)} ms CPU, outside kernels ${p.outsideMs.toFixed(1)} ms, load ${loadavg()[0]!.toFixed(2)}`);
  for (const k of p.kernels.slice(0, 30)) console.log(`  ${k.kernel.padEnd(28)} ${k.calls.toFixed(1).padStart(6)} calls ${k.selfMs.toFixed(2).padStart(7)} ms`);
}
trainer.dispose();
setup.models.dispose();
// The threaded build's workers would keep Node running.
process.exit(0);
