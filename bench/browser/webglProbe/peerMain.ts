// The peer loop (peerLoop.ts) on the page's main thread, as GAN Lab trains. The driver can
// build this page against another tfjs (PROBE_TFJS, e.g. GAN Lab's tfjs-core 0.12).
import * as tf from '@tensorflow/tfjs';
import { peerLoop } from './peerLoop';

/** Counts draw calls and texture uploads on every WebGL2 context (either tfjs's). */
const glCounts = { draws: 0, uploads: 0 };
const proto = WebGL2RenderingContext.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
for (const [name, key] of [['drawElements', 'draws'], ['drawArrays', 'draws'], ['texSubImage2D', 'uploads'], ['texImage2D', 'uploads']] as const) {
  const original = proto[name]!;
  proto[name] = function (this: unknown, ...args: unknown[]) {
    glCounts[key]++;
    return original.apply(this, args);
  };
}

async function runPeer(plan: { windowMs: number; readEveryMs: number; warmup: number }) {
  await tf.setBackend('webgl');
  const loop = peerLoop(150);
  for (let i = 0; i < plan.warmup; i++) loop.step();
  await loop.read();
  console.timeStamp('probe-start');
  (globalThis as unknown as { probeMark?: (name: string) => void }).probeMark?.('start');
  const drawsBefore = { ...glCounts };
  let iterations = 0;
  let stepMs = 0;
  const started = performance.now();
  let lastRead = started;
  while (performance.now() - started < plan.windowMs) {
    const t0 = performance.now();
    loop.step();
    const t1 = performance.now();
    stepMs += t1 - t0;
    iterations++;
    if (plan.readEveryMs > 0 && t1 - lastRead >= plan.readEveryMs) {
      lastRead = t1;
      await loop.read();
    }
  }
  await loop.read();
  const wallMs = performance.now() - started;
  console.timeStamp('probe-end');
  (globalThis as unknown as { probeMark?: (name: string) => void }).probeMark?.('end');
  loop.dispose();
  const perIteration = `${((glCounts.draws - drawsBefore.draws) / iterations).toFixed(1)} draws, ${((glCounts.uploads - drawsBefore.uploads) / iterations).toFixed(1)} uploads`;
  return { iterations, wallMs, stepMs, perIteration, version: (tf as unknown as { version_core?: string; version?: unknown }).version_core ?? JSON.stringify((tf as { version?: unknown }).version) };
}

(globalThis as unknown as { runPeer: typeof runPeer }).runPeer = runPeer;
