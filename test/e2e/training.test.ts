// The engine in the browser: each model family trains a few steps in the Worker on webgpu,
// streaming history and loss maps to the page, and a weight changed mid-run applies.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { expect, onTestFailed, test } from 'vitest';
import type { RunSettings, TrainingEvent } from '../../src/protocol/messages';
import { builtinSpec } from '../../src/manager/builtinSpecs';
import { outputDir, useAppInBrowser } from './browser';

const app = useAppInBrowser(async (app) => {
  await app.page.goto(app.url);
});

const base = {
  optimizers: { G: { type: 'adam', learningRate: 2e-3 }, D: { type: 'adam', learningRate: 2e-3 } },
  dSteps: 1,
  gSteps: 1,
  seed: 1,
  backend: 'webgpu',
} as const;

/** Starts a run through the page's debug handle and collects events until `until` says stop. */
async function run(settings: RunSettings, stepsWanted: number, midRun?: { atStep: number; weight: [string, number] }) {
  return app.page.evaluate(
    async ({ settings, stepsWanted, midRun }) => {
      type Debug = { events: TrainingEvent[]; start(s: RunSettings): void; send(c: unknown): void; subscribe(l: (e: TrainingEvent) => void): () => void };
      const debug = (globalThis as unknown as { playground: Debug }).playground;
      const seen: TrainingEvent[] = [];
      await new Promise<void>((resolve, reject) => {
        let changed = false;
        const timer = setTimeout(() => reject(new Error(`timed out; events: ${seen.map((e) => e.type).join(',')}`)), 150_000);
        let mine = false;
        const unsubscribe = debug.subscribe((event) => {
          // The previous run's last reports (sent as it paused) may still be arriving.
          if (event.type === 'ready') mine = true;
          if (!mine) return;
          seen.push(event);
          if (event.type === 'failed' || event.type === 'stopped') {
            clearTimeout(timer);
            reject(new Error(event.message));
          }
          if (event.type !== 'history') return;
          const lastStep = event.batch.step[event.batch.step.length - 1] ?? 0;
          if (midRun && !changed && lastStep >= midRun.atStep) {
            changed = true;
            debug.send({ type: 'setWeight', name: midRun.weight[0], value: midRun.weight[1] });
          }
          if (lastStep >= stepsWanted) {
            clearTimeout(timer);
            unsubscribe();
            debug.send({ type: 'pause' });
            resolve();
          }
        });
        debug.start(settings);
      });
      // History arrives as typed arrays; turn them into plain rows for the test to read.
      return seen.map((e) =>
        e.type === 'history'
          ? { type: e.type, names: e.batch.names, loss: Array.from(e.batch.loss), step: Array.from(e.batch.step), weight: Array.from(e.batch.weight), value: Array.from(e.batch.value) }
          : e.type === 'lossMaps'
            ? { type: e.type, maps: e.maps.map((m) => ({ name: m.name, shape: m.shape, finite: Array.from(m.data).every(Number.isFinite) })) }
            : e.type === 'samples'
              ? e.samples.kind === 'images'
                ? { type: e.type, kind: 'images', width: e.samples.width, height: e.samples.height, rows: e.samples.rows }
                : { type: e.type, kind: 'points', fake: e.samples.fake.length, cells: e.samples.discriminator.length }
              : e,
      );
    },
    { settings, stepsWanted, midRun },
  );
}

type Row = { type: string; [key: string]: unknown };

function historyOf(rows: Row[], name: string): { step: number; weight: number; value: number }[] {
  return rows.flatMap((r) => {
    if (r.type !== 'history') return [];
    const names = r.names as string[];
    const loss = r.loss as number[];
    return loss.flatMap((index, i) =>
      names[index] === name ? [{ step: (r.step as number[])[i]!, weight: (r.weight as number[])[i]!, value: (r.value as number[])[i]! }] : [],
    );
  });
}

test('toy GAN: trains on webgpu in the worker, streams history and maps, applies a weight change mid-run', async () => {
  onTestFailed(() => console.error(app.logs.join('\n')));
  const rows = (await run(
    { ...base, family: 'toy', model: {}, data: { kind: 'ring' }, spec: builtinSpec('toy/log-loss'), batchSize: 32 },
    30,
    { atStep: 5, weight: ['G_GAN', 0.5] },
  )) as Row[];
  const ready = rows.find((r) => r.type === 'ready');
  expect(ready).toMatchObject({ backend: 'webgpu' });
  // tfjs's parallel shader compile ran before the first step, and both were timed.
  const warm = rows.find((r) => r.type === 'warmedUp') as { compileMs: number; firstStepMs: number } | undefined;
  expect(warm?.compileMs).toBeGreaterThan(0);
  expect(warm?.firstStepMs).toBeGreaterThan(0);
  console.info(`toy on webgpu: parallel compile ${warm?.compileMs.toFixed(0)} ms, first step ${warm?.firstStepMs.toFixed(0)} ms`);
  const g = historyOf(rows, 'G_GAN');
  expect(g.map((e) => e.step)).toEqual(g.map((_, i) => i));
  expect(g.every((e) => Number.isFinite(e.value))).toBe(true);
  // The weight was 1 until the change and 0.5 from some step after it, never anything else.
  const switchAt = g.findIndex((e) => e.weight === 0.5);
  expect(switchAt).toBeGreaterThanOrEqual(5);
  expect(g.slice(0, switchAt).every((e) => e.weight === 1) && g.slice(switchAt).every((e) => e.weight === 0.5)).toBe(true);
  const maps = rows.filter((r) => r.type === 'lossMaps');
  expect(maps.length).toBeGreaterThan(0);
  expect(rows.find((r) => r.type === 'samples')).toEqual({ type: 'samples', kind: 'points', fake: 2 * 512, cells: 48 * 48 });
  await mkdir(outputDir, { recursive: true });
  await app.page.screenshot({ path: path.join(outputDir, 'toy-run.png') });
});

test('DCGAN and pix2pix: a few steps each on webgpu', async () => {
  onTestFailed(() => console.error(app.logs.join('\n')));
  const dcgan = (await run(
    { ...base, family: 'dcgan', model: { width: 4, noiseDim: 8 }, data: {}, spec: builtinSpec('dcgan'), batchSize: 4 },
    2,
  )) as Row[];
  expect(historyOf(dcgan, 'D_real').length).toBeGreaterThanOrEqual(3);
  // 16 digits of 28 x 28 in 4 columns.
  expect(dcgan.find((r) => r.type === 'samples')).toEqual({ type: 'samples', kind: 'images', width: 4 * 28, height: 4 * 28, rows: ['generated'] });
  const pix = (await run(
    {
      ...base,
      family: 'pix2pix',
      model: { size: 32, width: 4, channelsA: 1, channelsB: 3 },
      data: { task: 'edges-to-shapes' },
      spec: builtinSpec('pix2pix/basic'),
      batchSize: 2,
    },
    2,
  )) as Row[];
  expect(historyOf(pix, 'G_L1').every((e) => Number.isFinite(e.value) && e.weight === 100)).toBe(true);
  const maps = pix.filter((r) => r.type === 'lossMaps').flatMap((r) => r.maps as { name: string; shape: number[]; finite: boolean }[]);
  // G_L1's map is the per-pixel L1 of a 32x32x3 output, averaged over the batch.
  expect(maps.find((m) => m.name === 'G_L1')).toEqual({ name: 'G_L1', shape: [32, 32, 3], finite: true });
  expect(pix.find((r) => r.type === 'samples')).toEqual({
    type: 'samples',
    kind: 'images',
    width: 4 * 32,
    height: 3 * 32,
    rows: ['input A', 'generated B', 'real B'],
  });
});

test('a checkpoint saved to IndexedDB resumes the run on another backend (webgl)', async () => {
  onTestFailed(() => console.error(app.logs.join('\n')));
  const result = await app.page.evaluate(async (settings) => {
    type Debug = { start(s: unknown): void; send(c: unknown): void; subscribe(l: (e: TrainingEvent) => void): () => void };
    const debug = (globalThis as unknown as { playground: Debug }).playground;
    const seen: TrainingEvent[] = [];
    const next = (type: string, predicate: (e: TrainingEvent) => boolean = () => true) =>
      new Promise<TrainingEvent>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${type}; saw ${seen.map((e) => e.type).join(',')}`)), 90_000);
        const off = debug.subscribe((e) => {
          if (e.type === 'failed') reject(new Error(e.message));
          if (e.type === type && predicate(e)) {
            clearTimeout(timer);
            off();
            resolve(e);
          }
        });
      });
    debug.subscribe((e) => seen.push(e));
    const ready = next('ready');
    debug.start(settings);
    await ready;
    await next('history', (e) => e.type === 'history' && (e.batch.step.at(-1) ?? 0) >= 5);
    const saved = next('checkpointSaved', (e) => e.type === 'checkpointSaved' && e.step >= 5);
    debug.send({ type: 'saveCheckpoint' });
    const step = ((await saved) as { step: number }).step;
    const resumed = next('ready');
    debug.send({ type: 'restoreCheckpoint', backend: 'webgl' });
    const backend = ((await resumed) as { backend: string }).backend;
    const replayed = (await next('history')) as Extract<TrainingEvent, { type: 'history' }>;
    const firstAfter = (await next('history')) as Extract<TrainingEvent, { type: 'history' }>;
    debug.send({ type: 'pause' });
    return { step, backend, replayedLast: replayed.batch.step.at(-1), firstStep: firstAfter.batch.step[0] };
  }, { ...base, family: 'toy', model: {}, data: { kind: 'ring' }, spec: builtinSpec('toy/log-loss'), batchSize: 32 } as RunSettings);
  expect(result.backend).toBe('webgl');
  // The values since the previous checkpoint come again (a closed page may have missed them),
  // then training goes on at the checkpoint's step.
  expect(result.replayedLast).toBe(result.step - 1);
  expect(result.firstStep).toBe(result.step);
});
