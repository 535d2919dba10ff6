import { describe, expect, test } from 'vitest';
import { assertNever, PROTOCOL_VERSION, transferables, type TrainingCommand, type TrainingEvent } from '../../src/protocol/messages';
import { defaultSettings } from '../../src/protocol/presets';

// postMessage uses the structured clone algorithm: every message must survive it unchanged.
describe('commands', () => {
  test.each<TrainingCommand>([
    { type: 'start', version: PROTOCOL_VERSION, settings: defaultSettings('pix2pix') },
    { type: 'pause' },
    { type: 'resume' },
    { type: 'step', network: 'D' },
    { type: 'reset' },
    { type: 'setWeight', name: 'G_L1', value: 10 },
    { type: 'setSchedule', name: 'G_L1', schedule: { schedule: 'constant', unit: 'step', value: 2 } },
    { type: 'setLearningRate', network: 'G', value: 1e-4 },
    { type: 'setSpec', spec: defaultSettings('toy').spec },
    { type: 'saveCheckpoint' },
    { type: 'setSpeed', stepsPerSecond: 2 },
    { type: 'restoreCheckpoint', backend: 'webgl' },
    { type: 'setEmaPreview', preview: 'live' },
    { type: 'pageLate', frameMs: 83.4 },
  ])('round-trips through structuredClone: $type', (command) => {
    expect(structuredClone(command)).toEqual(command);
  });
});

describe('events', () => {
  const history: TrainingEvent = {
    type: 'history',
    batch: { names: ['G_GAN'], loss: Uint16Array.of(0), step: Float64Array.of(3), value: Float32Array.of(0.5), weight: Float32Array.of(1), raw: Float32Array.of(0.5), time: Float64Array.of(9) },
  };

  test('a history batch crosses as typed arrays, transferring every buffer', () => {
    const buffers = transferables(history);
    expect(buffers).toHaveLength(6);
    const copy = structuredClone(history, { transfer: buffers });
    expect(copy).toEqual({
      type: 'history',
      batch: { names: ['G_GAN'], loss: Uint16Array.of(0), step: Float64Array.of(3), value: Float32Array.of(0.5), weight: Float32Array.of(1), raw: Float32Array.of(0.5), time: Float64Array.of(9) },
    });
    // Transferred: the sender's arrays are detached, nothing was copied.
    expect(history.type === 'history' && history.batch.step.length).toBe(0);
  });

  test('loss maps and samples transfer their data; plain events transfer nothing', () => {
    expect(transferables({ type: 'lossMaps', maps: [{ name: 'G_L1', step: 1, shape: [2], data: new Float32Array(2) }] })).toHaveLength(1);
    expect(
      transferables({ type: 'samples', samples: { step: 1, kind: 'points', real: new Float32Array(2), fake: new Float32Array(2), discriminator: new Float32Array(1), resolution: 1, extent: 1 } }),
    ).toHaveLength(3);
    expect(transferables({ type: 'paused', step: 4 })).toEqual([]);
  });

  test("the toy plane's arrows and manifold transfer too, each buffer once, and survive a transfer", () => {
    const arrows = new Float32Array([1, 2]);
    const shared = new Float32Array(4);
    const event = {
      type: 'samples',
      samples: {
        step: 1,
        kind: 'points',
        real: new Float32Array(2),
        fake: new Float32Array(2),
        discriminator: new Float32Array(1),
        resolution: 1,
        extent: 1,
        critic: { kind: 'raw', ganType: 'wgan', centre: 0, halfRange: 3 },
        totalPull: new Float32Array([1, 2]),
        pulls: [
          { name: 'G_GAN', weight: 1, schedule: null, interval: 1, arrows, reason: null },
          { name: 'G_pl', weight: 2, schedule: null, interval: 4, arrows: null, reason: 'no per-point gradient' },
        ],
        manifold: { noiseDim: 2, rows: 1, cols: 2, points: new Float32Array(4), covers: 'z' },
      },
    } as const satisfies TrainingEvent;
    expect(transferables(event)).toHaveLength(6);
    const copy = structuredClone(event, { transfer: transferables(event) });
    expect(Array.from(copy.samples.pulls[0].arrows)).toEqual([1, 2]);
    expect(arrows.length).toBe(0); // detached: moved, not copied
    // A buffer shared by two fields is listed once (twice makes postMessage throw).
    const twice = { ...event, samples: { ...event.samples, real: shared, fake: shared } } satisfies TrainingEvent;
    expect(transferables(twice)).toHaveLength(5);
  });
});

describe('assertNever', () => {
  test('throws and names the unexpected message', () => {
    const rogue = { type: 'mystery' } as never;
    expect(() => assertNever(rogue)).toThrow('Unexpected message: {"type":"mystery"}');
  });
});
