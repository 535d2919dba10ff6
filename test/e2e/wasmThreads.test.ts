// The wasm backend's threads in the built app: on a cross-origin-isolated page (the COOP/COEP
// headers vite.config.ts serves) the worker loads the threaded SIMD binary with the page's
// ?threads=, and the backend line says so; without ?threads=, or without isolation, the
// single-threaded SIMD binary, and the line says why. Each trains a small DCGAN a few steps.
import { describe, expect, onTestFailed, test } from 'vitest';
import { builtinSpec } from '../../src/manager/builtinSpecs';
import type { RunSettings, TrainingEvent } from '../../src/protocol/messages';
import { useAppInBrowser, type AppInBrowser } from './browser';

const settings: RunSettings = {
  family: 'dcgan',
  model: { width: 4, noiseDim: 8 },
  data: {},
  spec: builtinSpec('dcgan'),
  optimizers: { G: { type: 'adam', learningRate: 2e-3 }, D: { type: 'adam', learningRate: 2e-3 } },
  dSteps: 1,
  gSteps: 1,
  batchSize: 8,
  seed: 1,
  backend: 'wasm',
};

interface Seen {
  isolated: boolean;
  ready: Extract<TrainingEvent, { type: 'ready' }>;
  losses: number[];
  statusLine: string;
}

/** Opens the page at `query`, trains `settings` to step 3 on wasm, and says what it saw. */
async function trainOn(app: AppInBrowser, query: string, wasmFetches: string[]): Promise<Seen> {
  wasmFetches.length = 0;
  await app.page.goto(new URL(query, app.url).href);
  const run = await app.page.evaluate(async (settings) => {
    type Debug = { start(s: RunSettings): void; send(c: unknown): void; subscribe(l: (e: TrainingEvent) => void): () => void };
    const debug = (globalThis as unknown as { playground: Debug }).playground;
    return new Promise<Omit<Seen, 'statusLine'>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out')), 150_000);
      let ready: Extract<TrainingEvent, { type: 'ready' }> | undefined;
      const losses: number[] = [];
      const off = debug.subscribe((event) => {
        if (event.type === 'ready') ready = event;
        if (event.type === 'failed' || event.type === 'stopped') {
          clearTimeout(timer);
          reject(new Error(event.message));
        }
        if (!ready || event.type !== 'history') return;
        losses.push(...Array.from(event.batch.value));
        if ((event.batch.step.at(-1) ?? 0) >= 3) {
          clearTimeout(timer);
          off();
          debug.send({ type: 'pause' });
          resolve({ isolated: globalThis.crossOriginIsolated, ready, losses });
        }
      });
      debug.start(settings);
    });
  }, settings);
  const statusLine = await app.page.getByText(/^wasm/).first().evaluate((el) => el.parentElement?.textContent ?? '');
  return { ...run, statusLine };
}

describe('on a cross-origin-isolated page', () => {
  const wasmFetches: string[] = [];
  const app = useAppInBrowser((app) => {
    app.page.on('response', (r) => new URL(r.url()).pathname.endsWith('.wasm') && wasmFetches.push(new URL(r.url()).pathname));
  });

  test('the worker trains on the threaded SIMD binary with ?threads=', async () => {
    onTestFailed(() => console.error(app.logs.join('\n')));
    const seen = await trainOn(app, '?threads=3', wasmFetches);
    expect(seen.isolated).toBe(true);
    expect(seen.ready).toMatchObject({ backend: 'wasm', reasons: [], adapter: 'threaded SIMD, 3 threads' });
    expect(seen.statusLine).toContain('wasm (threaded SIMD, 3 threads)');
    expect(seen.losses.length).toBeGreaterThan(0);
    expect(seen.losses.every(Number.isFinite)).toBe(true);
    expect(wasmFetches).toHaveLength(1);
    expect(wasmFetches[0]).toMatch(/tfjs-backend-wasm-threaded-simd-[\w-]+\.wasm$/);
  });

  test('a bad ?threads= is named on the backend line, and the default used', async () => {
    onTestFailed(() => console.error(app.logs.join('\n')));
    const seen = await trainOn(app, '?threads=lots', wasmFetches);
    expect(seen.ready.adapter).toBe('SIMD, 1 thread: ?threads= must be a whole number from 1 to 8, got "lots", so 1 instead');
    expect(wasmFetches[0]).toMatch(/tfjs-backend-wasm-simd-[\w-]+\.wasm$/);
  });

  test('without ?threads=, the single-threaded SIMD binary (DEFAULT_WASM_THREADS)', async () => {
    onTestFailed(() => console.error(app.logs.join('\n')));
    const seen = await trainOn(app, '', wasmFetches);
    expect(seen.isolated).toBe(true);
    expect(seen.ready.adapter).toBe('SIMD, 1 thread');
    expect(wasmFetches).toHaveLength(1);
    expect(wasmFetches[0]).toMatch(/tfjs-backend-wasm-simd-[\w-]+\.wasm$/);
  });
});

describe('on a page that is not cross-origin isolated', () => {
  const wasmFetches: string[] = [];
  const app = useAppInBrowser(
    (app) => {
      app.page.on('response', (r) => new URL(r.url()).pathname.endsWith('.wasm') && wasmFetches.push(new URL(r.url()).pathname));
    },
    // Overrides vite.config.ts's headers: an embedder policy that isolates nothing.
    { preview: { headers: { 'Cross-Origin-Embedder-Policy': 'unsafe-none' } } },
  );

  test('the worker trains on the single-threaded SIMD binary, and the line says why', async () => {
    onTestFailed(() => console.error(app.logs.join('\n')));
    const seen = await trainOn(app, '?threads=3', wasmFetches);
    expect(seen.isolated).toBe(false);
    expect(seen.ready.adapter).toBe('SIMD, 1 thread: 3 threads asked for, but this page is not cross-origin isolated (COOP/COEP headers)');
    expect(seen.losses.every(Number.isFinite)).toBe(true);
    expect(wasmFetches).toHaveLength(1);
    expect(wasmFetches[0]).toMatch(/tfjs-backend-wasm-simd-[\w-]+\.wasm$/);
  });
});
