// The wasm backend in the built app's module worker: its binary is an asset of the app, fetched
// same-origin (never from a CDN), single-threaded, and a conv GAN trains on it through this
// project's filter-gradient kernels (src/engine/wasm).
import { expect, onTestFailed, test } from 'vitest';
import { builtinSpec } from '../../src/manager/builtinSpecs';
import type { RunSettings, TrainingEvent } from '../../src/protocol/messages';
import { useAppInBrowser } from './browser';

const wasmFetches: { url: string; status: number; type: string | undefined }[] = [];

const app = useAppInBrowser(async (app) => {
  app.page.on('response', (response) => {
    if (new URL(response.url()).pathname.endsWith('.wasm')) {
      wasmFetches.push({ url: response.url(), status: response.status(), type: response.headers()['content-type'] });
    }
  });
  await app.page.goto(app.url);
});

test('DCGAN trains on wasm in the worker, from a same-origin binary', async () => {
  onTestFailed(() => console.error(app.logs.join('\n')));
  const settings: RunSettings = {
    family: 'dcgan',
    model: { width: 4, noiseDim: 8 },
    data: {},
    spec: builtinSpec('dcgan'),
    optimizers: { G: { type: 'adam', learningRate: 2e-3 }, D: { type: 'adam', learningRate: 2e-3 } },
    dSteps: 1,
    gSteps: 1,
    batchSize: 4,
    seed: 1,
    backend: 'wasm',
  };
  const result = await app.page.evaluate(async (settings) => {
    type Debug = { start(s: RunSettings): void; send(c: unknown): void; subscribe(l: (e: TrainingEvent) => void): () => void };
    const debug = (globalThis as unknown as { playground: Debug }).playground;
    return new Promise<{ ready: TrainingEvent; losses: number[] }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out')), 150_000);
      let ready: TrainingEvent | undefined;
      const losses: number[] = [];
      const off = debug.subscribe((event) => {
        if (event.type === 'ready') ready = event;
        if (!ready) return;
        if (event.type === 'failed' || event.type === 'stopped') {
          clearTimeout(timer);
          reject(new Error(event.message));
        }
        if (event.type !== 'history') return;
        losses.push(...Array.from(event.batch.value));
        if ((event.batch.step.at(-1) ?? 0) >= 3) {
          clearTimeout(timer);
          off();
          debug.send({ type: 'pause' });
          resolve({ ready, losses });
        }
      });
      debug.start(settings);
    });
  }, settings);
  // Forced and started: no fallback, so no reasons.
  expect(result.ready).toMatchObject({ type: 'ready', backend: 'wasm', reasons: [] });
  expect(result.losses.length).toBeGreaterThan(0);
  expect(result.losses.every(Number.isFinite)).toBe(true);
  // One binary, the single-threaded SIMD one, from the app's own origin, served as wasm.
  expect(wasmFetches).toHaveLength(1);
  const [fetched] = wasmFetches;
  expect(new URL(fetched!.url).origin).toBe(new URL(app.url).origin);
  expect(fetched!.url).toMatch(/tfjs-backend-wasm-simd-[\w-]+\.wasm$/);
  expect(fetched).toMatchObject({ status: 200, type: 'application/wasm' });
  // Streaming compilation worked (a wrong MIME type or a failed fetch logs a warning).
  expect(app.logs.filter((line) => /wasm/i.test(line))).toEqual([]);
});
