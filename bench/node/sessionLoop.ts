// The GAN Lab default in Node, turn about: the bench's bare loop (trainer.step, a read-back
// every 10 steps) against the worker's own TrainingSession loop (history, loss maps, samples,
// metrics, progress) with a fake endpoint that counts the events and their bytes. What the
// session adds per step is what the page's worker pays beyond the trainer's step.
// Run: node src/cli/launch.mjs bench/node/sessionLoop.ts [seconds] [rounds]
import * as tf from '@tensorflow/tfjs';
import { loadavg } from 'node:os';
import { TrainingSession } from '../../src/engine/session';
import { GanTrainer } from '../../src/engine/trainer';
import { PROTOCOL_VERSION, type TrainingEvent } from '../../src/protocol/messages';
import { GAN_LAB_DEFAULT } from '../cases';
import { buildSetup, useBackend } from './host';

const seconds = Number(process.argv[2] ?? 4);
const rounds = Number(process.argv[3] ?? 3);
const settings = { ...GAN_LAB_DEFAULT, backend: 'wasm' as const };
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const immediate = () => new Promise<void>((r) => setImmediate(r));

function bytesOf(v: unknown): number {
  if (ArrayBuffer.isView(v)) return v.byteLength;
  if (typeof v === 'number') return 8;
  if (typeof v === 'string') return v.length;
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + bytesOf(x), 0);
  if (v && typeof v === 'object') return Object.entries(v).reduce((n, [k, x]) => n + k.length + bytesOf(x), 0);
  return 1;
}

async function bare(): Promise<{ rate: number; cpuRate: number }> {
  const setup = await buildSetup(settings);
  const trainer = new GanTrainer({ ...settings, networks: setup.networks, data: setup.data });
  for (let i = 0; i < 20; i++) trainer.step();
  await trainer.flush();
  const w0 = performance.now(), c0 = cpu();
  let steps = 0;
  while (performance.now() - w0 < seconds * 1000) {
    trainer.step();
    if (++steps % 10 === 0) { await trainer.flush(); await immediate(); }
  }
  await trainer.flush();
  const wall = (performance.now() - w0) / 1000, c = cpu() - c0;
  trainer.dispose(); setup.models.dispose(); tf.disposeVariables();
  return { rate: steps / wall, cpuRate: steps / c };
}

async function session(): Promise<{ rate: number; cpuRate: number; byType: Record<string, { count: number; bytes: number }> }> {
  const byType: Record<string, { count: number; bytes: number }> = {};
  let counting = false;
  let lastStep = 0; // from the progress events: the run is warm once one came
  const s = new TrainingSession(
    { postMessage: (e: TrainingEvent) => {
      if (e.type === 'progress') lastStep = e.progress.step;
      if (!counting) return;
      const t = (byType[e.type] ??= { count: 0, bytes: 0 }); t.count++; t.bytes += bytesOf(e);
    } },
    { chooseBackend: async () => ({ backend: 'wasm', reasons: [], adapter: null }), buildSetup: (x) => buildSetup(x), yieldToEvents: immediate },
  );
  await s.handle({ type: 'start', version: PROTOCOL_VERSION, settings });
  // Warm: the first step and a second of training before the window.
  while (lastStep === 0) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, 1000));
  const w0 = performance.now(), c0 = cpu();
  const it0 = (s as unknown as { trainer: GanTrainer }).trainer.iteration;
  counting = true;
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const it1 = (s as unknown as { trainer: GanTrainer }).trainer.iteration;
  const wall = (performance.now() - w0) / 1000, c = cpu() - c0;
  counting = false;
  await s.handle({ type: 'reset' });
  tf.disposeVariables();
  const steps = it1 - it0;
  for (const t of Object.values(byType)) { t.count = +(t.count / wall).toFixed(1); t.bytes = Math.round(t.bytes / wall); }
  return { rate: steps / wall, cpuRate: steps / c, byType };
}

await useBackend('wasm');
for (let r = 0; r < rounds; r++) {
  const a = await bare();
  console.log(`bare    ${a.rate.toFixed(0)} it/s, ${a.cpuRate.toFixed(0)} per CPU-s  load ${loadavg()[0]!.toFixed(2)}`);
  const b = await session();
  console.log(`session ${b.rate.toFixed(0)} it/s, ${b.cpuRate.toFixed(0)} per CPU-s  load ${loadavg()[0]!.toFixed(2)}  per second: ${JSON.stringify(b.byType)}`);
}
