import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { builtinSpec } from '../../src/manager';
import { PROTOCOL_VERSION } from '../../src/protocol/messages';
import { sessionHarness, toySettings } from '../helpers/sessionHarness';
import { onePoint, toyNetworks } from '../helpers/toyGan';
import { MemoryCheckpointStore } from '../../src/engine/checkpoint';

const settings = toySettings;
const harness = sessionHarness;

describe('TrainingSession through an injected endpoint', () => {
  it('starts, streams history batches as typed arrays, and pauses', async () => {
    const { session, events, waitFor } = harness();
    await session.handle({ type: 'start', version: PROTOCOL_VERSION, settings });
    const [ready] = await waitFor('ready');
    expect(ready).toMatchObject({ backend: 'cpu', reasons: ['webgpu: no navigator.gpu in Node'] });
    expect((ready as unknown as { outputKeys: string[] }).outputKeys).toContain('disc_pred_fake');
    await waitFor('history', 2);
    await session.handle({ type: 'pause' });
    const [paused] = await waitFor('paused');
    const history = events.flatMap((e) => (e.type === 'history' ? [e.batch] : []));
    // Each D update also records the critic's health (dHealth.ts).
    expect(history[0]!.names).toEqual(['G_GAN', 'D_real', 'D_fake', 'dHealth/real', 'dHealth/fake', 'dHealth/accuracy']);
    expect(history[0]!.step).toBeInstanceOf(Float64Array);
    // Every step of every loss arrives once, in order.
    const steps = history.flatMap((b) => Array.from(b.step).filter((_, i) => b.loss[i] === 1));
    expect(steps).toEqual(steps.map((_, i) => i));
    expect(steps.length).toBe((paused as { step: number }).step);
    expect(events.some((e) => e.type === 'lossMaps')).toBe(true);
    // GAN Lab's picture: 512 real and generated points and the critic on a 48 x 48 grid, raw
    // for least squares (on its range about the labels' midpoint 0.5), G_GAN's arrows and the
    // manifold, all through the transfer (a buffer listed twice would throw).
    const samples = events.find((e) => e.type === 'samples');
    expect(samples && samples.type === 'samples' && samples.samples.kind).toBe('points');
    if (samples?.type === 'samples' && samples.samples.kind === 'points') {
      const s = samples.samples;
      expect(s.fake.length).toBe(2 * 512);
      expect(s.discriminator.length).toBe(48 * 48);
      expect(s.critic).toMatchObject({ kind: 'raw', ganType: 'lsgan', centre: 0.5 });
      const half = s.critic?.kind === 'raw' ? s.critic.halfRange : NaN;
      expect(Array.from(s.discriminator).every((d) => Math.abs(d - 0.5) <= half)).toBe(true);
      expect(s.pulls?.map((p) => [p.name, p.arrows?.length])).toEqual([['G_GAN', 2 * 512]]);
      expect(s.totalPull?.length).toBe(2 * 512);
      expect(s.manifold).toMatchObject({ noiseDim: 2, rows: 21, cols: 21 });
    }
    await session.handle({ type: 'reset' });
  });

  it('applies a weight change from the page at the next step', async () => {
    const { session, events, waitFor } = harness();
    await session.handle({ type: 'start', version: PROTOCOL_VERSION, settings });
    await waitFor('history');
    await session.handle({ type: 'setWeight', name: 'G_GAN', value: 0.25 });
    await waitFor('history', 3);
    await session.handle({ type: 'pause' });
    const g = events.flatMap((e) =>
      e.type === 'history' ? Array.from(e.batch.weight).filter((_, i) => e.batch.loss[i] === 0) : [],
    );
    const change = events.find((e) => e.type === 'weightChanged');
    const firstChanged = g.indexOf(0.25);
    // The worker says where the change took effect, exactly where the history shows it.
    expect(change).toMatchObject({ name: 'G_GAN', weight: 0.25, step: firstChanged });
    expect(firstChanged).toBeGreaterThan(0);
    expect(g.slice(0, firstChanged).every((w) => w === 1)).toBe(true);
    expect(g.slice(firstChanged).every((w) => w === 0.25)).toBe(true);
    await session.handle({ type: 'reset' });
  });

  it('reports the epoch with the progress, from the run\'s steps per epoch', async () => {
    const { session, events, waitFor } = harness();
    await session.handle({ type: 'start', version: PROTOCOL_VERSION, settings: { ...settings, stepsPerEpoch: 3 } });
    await waitFor('history');
    await session.handle({ type: 'pause' });
    await waitFor('paused');
    const progress = events.flatMap((e) => (e.type === 'progress' ? [e.progress] : [])).at(-1)!;
    expect(progress.stepsPerEpoch).toBe(3);
    expect(progress.epoch).toBe(Math.floor(progress.step / 3));
    expect(progress.step).toBeGreaterThan(0);
    await session.handle({ type: 'reset' });
  });

  it('single steps D, G or both while paused', async () => {
    const { session, events, waitFor } = harness();
    await session.handle({ type: 'start', version: PROTOCOL_VERSION, settings });
    await session.handle({ type: 'pause' });
    await waitFor('paused');
    const before = events.length;
    await session.handle({ type: 'step', network: 'D' });
    const batch = events.slice(before).find((e) => e.type === 'history');
    // D's two losses, then its three health series.
    expect(batch && batch.type === 'history' && Array.from(batch.batch.loss)).toEqual([1, 2, 3, 4, 5]);
    await session.handle({ type: 'reset' });
  });

  it('stops on a NaN loss with a message naming it, and keeps what was recorded', async () => {
    const networks = toyNetworks();
    const { session, waitFor } = harness({ buildSetup: async () => ({ networks, data: onePoint }) });
    await session.handle({ type: 'start', version: PROTOCOL_VERSION, settings });
    await waitFor('history');
    const w = networks.discriminator.trainableWeights[0]!.read() as tf.Variable;
    w.assign(tf.fill(w.shape, Number.NaN));
    const [stopped] = await waitFor('stopped');
    expect((stopped as { message: string }).message).toMatch(/loss "D_real" became NaN at step \d+; training stopped/);
    await session.handle({ type: 'reset' });
  });

  it('answers bad commands with a failed event, not an exception', async () => {
    const { session, events } = harness();
    await session.handle({ type: 'setWeight', name: 'G_GAN', value: 2 });
    await session.handle({ type: 'start', version: 99, settings });
    await session.handle({ type: 'start', version: PROTOCOL_VERSION, settings: { ...settings, spec: { losses: [] } } });
    expect(events.map((e) => (e.type === 'failed' ? e.message : e.type))).toEqual([
      'no run has started: send "start" first',
      expect.stringMatching(/protocol version 99 is not supported/),
      'the run settings are not valid: spec.losses: must be a non-empty list of losses',
    ]);
  });

  it('answers a change a live run cannot take with a rejected event; the run goes on', async () => {
    // Bug: these came back as 'failed', and the page showed the run as failed while it trained on.
    const { session, events, waitFor } = harness();
    await session.handle({ type: 'start', version: PROTOCOL_VERSION, settings });
    await waitFor('history');
    await session.handle({ type: 'setWeight', name: 'G_L1', value: 2 });
    await session.handle({ type: 'setSpeed', stepsPerSecond: -1 });
    const rejected = events.filter((e) => e.type === 'rejected');
    expect(rejected).toEqual([
      { type: 'rejected', command: 'setWeight', message: expect.stringMatching(/^unknown loss "G_L1"; registered losses: G_GAN, D_real, D_fake/) },
      { type: 'rejected', command: 'setSpeed', message: 'speed must be a positive number of steps per second, got -1' },
    ]);
    expect(events.some((e) => e.type === 'failed')).toBe(false);
    const seen = events.filter((e) => e.type === 'history').length;
    await waitFor('history', seen + 2);
    await session.handle({ type: 'reset' });
  });

  it('frees everything on reset', async () => {
    const before = tf.memory().numTensors;
    const { session, waitFor } = harness();
    await session.handle({ type: 'start', version: PROTOCOL_VERSION, settings });
    await waitFor('history');
    await session.handle({ type: 'reset' });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('live spec changes, checkpoints and a lost device', () => {
  it('swaps the objective between steps', async () => {
    const { session, events, waitFor } = harness();
    await session.handle({ type: 'start', version: PROTOCOL_VERSION, settings });
    await waitFor('history');
    await session.handle({ type: 'setSpec', spec: builtinSpec('hinge-r1') });
    const [changed] = await waitFor('specChanged');
    expect(changed).toMatchObject({ names: ['G_GAN', 'D_real', 'D_fake', 'D_r1'] });
    await waitFor('history', 4);
    await session.handle({ type: 'pause' });
    const last = events.filter((e) => e.type === 'history').at(-1);
    expect(last?.type === 'history' && last.batch.names).toEqual(['G_GAN', 'D_real', 'D_fake', 'D_r1', 'dHealth/real', 'dHealth/fake', 'dHealth/accuracy']);
    // A bad spec is refused whole, and the run keeps its objective.
    await session.handle({ type: 'setSpec', spec: { losses: [{ name: 'x', type: 'L1Loss', tags: ['G'] }] } });
    expect(events.at(-1)).toMatchObject({ type: 'rejected', command: 'setSpec', message: expect.stringMatching(/losses\[0\] \(x\): the engine picks/) });
    await session.handle({ type: 'reset' });
  });

  it('after a device loss, resumes from the last checkpoint on another backend', async () => {
    let lose: ((reason: string) => void) | undefined;
    const checkpoints = new MemoryCheckpointStore();
    const chosen: (string | undefined)[] = [];
    const { session, events, waitFor } = harness({
      checkpoints,
      chooseBackend: async (preferred) => {
        chosen.push(preferred);
        return { backend: preferred ?? 'webgpu', reasons: [], adapter: null };
      },
      watchDeviceLoss: (onLost) => {
        lose = onLost;
        return () => (lose = undefined);
      },
    });
    await session.handle({ type: 'start', version: PROTOCOL_VERSION, settings });
    await waitFor('history', 2);
    await session.handle({ type: 'saveCheckpoint' });
    // The one just asked for (automatic ones come 10 s and more apart).
    const saved = events.filter((e) => e.type === 'checkpointSaved').at(-1);
    const savedAt = (saved as { step: number }).step;
    lose!('destroyed');
    const [stopped] = await waitFor('stopped');
    expect(stopped).toMatchObject({ reason: 'deviceLost', message: expect.stringMatching(/^The GPU device was lost \(destroyed\) at step \d+; .*Resume from the last checkpoint on another backend\.$/) });
    const before = events.length;
    await session.handle({ type: 'restoreCheckpoint', backend: 'cpu' });
    expect(chosen).toEqual([undefined, 'cpu']);
    await waitFor('history', events.slice(0, before).filter((e) => e.type === 'history').length + 1);
    await session.handle({ type: 'pause' });
    const [replayed, resumed] = events.slice(before).filter((e) => e.type === 'history');
    // First the values since the checkpoint before it (the warm-up one, at step 1), which a
    // closed page may have missed; then training picks up at the checkpoint's step.
    const first = events.filter((e) => e.type === 'checkpointSaved')[0]!.step;
    expect(replayed?.type === 'history' && Array.from(new Set(replayed.batch.step))).toEqual(Array.from({ length: savedAt - first }, (_, i) => first + i));
    expect(resumed?.type === 'history' && resumed.batch.step[0]).toBe(savedAt);
    await session.handle({ type: 'reset' });
  });

  it('says so when there is no checkpoint to restore', async () => {
    const { session, events } = harness({ checkpoints: new MemoryCheckpointStore() });
    await session.handle({ type: 'restoreCheckpoint' });
    expect(events).toEqual([{ type: 'failed', message: 'there is no checkpoint to restore: save one first' }]);
  });
});

describe('backend choice by measurement', () => {
  it('measures a software WebGPU adapter against wasm and WebGL, and says what it measured', async () => {
    const asked: (string | undefined)[] = [];
    const { session, waitFor } = harness({
      chooseBackend: async (preferred) => {
        asked.push(preferred);
        if (preferred === undefined) return { backend: 'webgpu', reasons: [], adapter: 'google / swiftshader', software: true };
        return { backend: preferred, reasons: [], adapter: null };
      },
    });
    await session.handle({ type: 'start', version: PROTOCOL_VERSION, settings });
    const [ready] = await waitFor('ready');
    await session.handle({ type: 'pause' });
    const r = ready as unknown as { backend: string; reasons: string[] };
    expect(['wasm', 'webgl']).toContain(r.backend);
    expect(r.reasons.at(-1)).toMatch(
      /^webgpu: the only adapter is a software one \(google \/ swiftshader\), so this model was measured on the alternatives: wasm [\d.]+ steps\/s, webgl [\d.]+ steps\/s; using (wasm|webgl)$/,
    );
    // Both alternatives were tried, then the winner chosen again for the run.
    expect(asked.slice(0, 3)).toEqual([undefined, 'wasm', 'webgl']);
    expect(asked[3]).toBe(r.backend);
    await session.handle({ type: 'reset' });
  });

  it('measures a software WebGL the same way (Chromium without WebGPU, on SwiftShader)', async () => {
    const asked: (string | undefined)[] = [];
    const { session, waitFor } = harness({
      chooseBackend: async (preferred) => {
        asked.push(preferred);
        if (preferred === undefined) return { backend: 'webgl', reasons: ['webgpu: this browser has no navigator.gpu'], adapter: 'SwiftShader Device', software: true };
        return { backend: preferred, reasons: [], adapter: null };
      },
    });
    await session.handle({ type: 'start', version: PROTOCOL_VERSION, settings });
    const [ready] = await waitFor('ready');
    await session.handle({ type: 'pause' });
    expect(ready!.reasons).toEqual([
      'webgpu: this browser has no navigator.gpu',
      expect.stringMatching(/^webgl: the renderer is a software one \(SwiftShader Device\), so this model was measured on the alternatives: wasm [\d.]+ steps\/s, webgl [\d.]+ steps\/s; using (wasm|webgl)$/),
    ]);
    expect(asked.slice(0, 3)).toEqual([undefined, 'wasm', 'webgl']);
    await session.handle({ type: 'reset' });
  });

  it('never second-guesses a forced backend', async () => {
    const asked: (string | undefined)[] = [];
    const { session, waitFor } = harness({
      chooseBackend: async (preferred) => {
        asked.push(preferred);
        return { backend: preferred ?? 'webgpu', reasons: [], adapter: 'google / swiftshader', software: true };
      },
    });
    await session.handle({ type: 'start', version: PROTOCOL_VERSION, settings: { ...settings, backend: 'webgpu' } });
    const [ready] = await waitFor('ready');
    await session.handle({ type: 'pause' });
    expect((ready as { backend: string }).backend).toBe('webgpu');
    expect(asked).toEqual(['webgpu']);
    await session.handle({ type: 'reset' });
  });
});

describe('speed', () => {
  it('caps the steps per second when asked, and goes flat out again with null', async () => {
    const { session, events, waitFor } = harness();
    await session.handle({ type: 'start', version: PROTOCOL_VERSION, settings });
    await waitFor('history');
    await session.handle({ type: 'setSpeed', stepsPerSecond: 20 });
    // Six values a step: three losses and three D health series.
    const steps = () => events.filter((e) => e.type === 'history').reduce((n, e) => n + (e.type === 'history' ? e.batch.step.length / 6 : 0), 0);
    // Values trained flat out before the cap may still be on their way (one history interval).
    await waitFor('history', events.filter((e) => e.type === 'history').length + 1);
    const before = steps();
    await new Promise((r) => setTimeout(r, 1000));
    const capped = steps() - before;
    // At most 20 steps in a second (plus the one in flight); flat out this toy GAN does far more.
    expect(capped).toBeLessThanOrEqual(22);
    expect(capped).toBeGreaterThan(5);
    await session.handle({ type: 'setSpeed', stepsPerSecond: 0 });
    expect(events.at(-1)).toMatchObject({ type: 'rejected', command: 'setSpeed', message: 'speed must be a positive number of steps per second, got 0' });
    await session.handle({ type: 'reset' });
  });
});
