// The GAN Lab default in Node, turn about: the bench's bare loop (trainer.step, a read-back
// every 10 steps) against the worker's own TrainingSession loop (history, loss maps, samples,
// metrics, progress) with a fake endpoint that counts the events and their bytes. What the
// session adds per step is what the page's worker pays beyond the trainer's step.
// Run: node src/cli/launch.mjs bench/node/sessionLoop.ts [seconds] [rounds]
import * as tf from '@tensorflow/tfjs';
import { loadavg } from 'node:os';
import { GanTrainer } from '../../src/engine/trainer';
import { GAN_LAB_DEFAULT } from '../cases';
import { cpuNow, yieldToEvents } from '../measure';
import { buildSetup, useBackend } from './host';
import { sessionLoopRate } from './sessionRate';

const seconds = Number(process.argv[2] ?? 4);
const rounds = Number(process.argv[3] ?? 3);
const settings = { ...GAN_LAB_DEFAULT, backend: 'wasm' as const };

async function bare(): Promise<{ rate: number; cpuRate: number }> {
  const setup = await buildSetup(settings);
  const trainer = new GanTrainer({ ...settings, networks: setup.networks, data: setup.data });
  for (let i = 0; i < 20; i++) trainer.step();
  await trainer.flush();
  const w0 = performance.now(), c0 = cpuNow();
  let steps = 0;
  while (performance.now() - w0 < seconds * 1000) {
    trainer.step();
    if (++steps % 10 === 0) { await trainer.flush(); await yieldToEvents(); }
  }
  await trainer.flush();
  const wall = (performance.now() - w0) / 1000, c = cpuNow() - c0;
  trainer.dispose(); setup.models.dispose(); tf.disposeVariables();
  return { rate: steps / wall, cpuRate: steps / c };
}

await useBackend('wasm');
for (let r = 0; r < rounds; r++) {
  const a = await bare();
  console.log(`bare    ${a.rate.toFixed(0)} it/s, ${a.cpuRate.toFixed(0)} per CPU-s  load ${loadavg()[0]!.toFixed(2)}`);
  const b = await sessionLoopRate(settings, 'wasm', seconds);
  console.log(`session ${b.stepsPerSecond.toFixed(0)} it/s, ${b.stepsPerCpuSecond.toFixed(0)} per CPU-s  load ${loadavg()[0]!.toFixed(2)}  per second: ${JSON.stringify(b.byType)}`);
}
