import { describe, expect, it } from 'vitest';
import { DEBUG_BYTES_KEPT, DEBUG_EVENTS_KEPT, installDebugHook, type DebugHookLimits } from '../../src/app/debugHook';
import { MESSAGE_CHARS_KEPT } from '../../src/app/eventSummary';
import { createPlayground, type Playground } from '../../src/client/playground';
import type { TrainingEvent } from '../../src/protocol/messages';

/** The hook on a controller whose events the test emits (only `subscribe` is used by the log). */
function hooked(limits?: DebugHookLimits) {
  let emit: (event: TrainingEvent) => void = () => {};
  const controller = { subscribe: (listener: (event: TrainingEvent) => void) => ((emit = listener), () => {}) } as unknown as Playground;
  const debug = installDebugHook({}, controller, limits);
  return { debug, emit: (event: TrainingEvent) => emit(event) };
}

function history(names: string[], loss: number[], step: number[]): TrainingEvent {
  const n = loss.length;
  return {
    type: 'history',
    batch: {
      names,
      loss: Uint16Array.from(loss),
      step: Float64Array.from(step),
      value: new Float32Array(n),
      weight: new Float32Array(n),
      raw: new Float32Array(n),
      time: new Float64Array(n),
    },
  };
}

/** Every typed array reachable from `value`. */
function typedArrays(value: unknown): number {
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return 1;
  if (value === null || typeof value !== 'object') return 0;
  return Object.values(value).reduce((n: number, v) => n + typedArrays(v), 0);
}

describe('the debug hook (window.playground)', () => {
  it('keeps the newest events, not every event of a long run', () => {
    let emit: (event: TrainingEvent) => void = () => {};
    const controller = createPlayground((onEvent) => {
      emit = onEvent;
      return { send: () => {}, terminate: () => {} };
    });
    const target: { playground?: ReturnType<typeof installDebugHook> } = {};
    const debug = installDebugHook(target, controller, { kept: 10 });
    expect(target.playground).toBe(debug);
    controller.start();
    for (let step = 1; step <= 95; step++) emit({ type: 'paused', step });
    // Trimmed to the newest 10 when it reaches 20: after 95 events, 10 + (95 - 20) % 10 = 15 left.
    expect(debug.events.length).toBe(10 + ((95 - 20) % 10));
    expect(debug.events.at(-1)).toMatchObject({ step: 95 });
    expect(debug.events[0]).toMatchObject({ step: 95 - debug.events.length + 1 });
  });

  it('summarises payloads: steps, names and counts, shapes, byte sizes', () => {
    const { debug, emit } = hooked();
    emit(history(['G_GAN', 'D_real'], [0, 1, 0], [5, 5, 6]));
    emit({ type: 'lossMaps', maps: [{ name: 'G_GAN', step: 6, shape: [1, 64, 64, 1], data: new Float32Array(64 * 64) }] });
    emit({ type: 'samples', samples: { kind: 'points', step: 6, real: new Float32Array(4), fake: new Float32Array(6), discriminator: new Float32Array(16), resolution: 4, extent: 2 } });
    emit({ type: 'samples', samples: { kind: 'images', step: 7, width: 8, height: 4, rgba: new Uint8ClampedArray(8 * 4 * 4), rows: ['generated'] } });
    expect(debug.events).toEqual([
      // Each row is 2 (loss) + 8 (step) + 4 + 4 + 4 (value, weight, raw) + 8 (time) = 30 bytes.
      { type: 'history', values: 3, firstStep: 5, lastStep: 6, names: ['G_GAN', 'D_real'], counts: [2, 1], bytes: 3 * 30 },
      { type: 'lossMaps', maps: [{ name: 'G_GAN', step: 6, shape: [1, 64, 64, 1], bytes: 64 * 64 * 4 }] },
      { type: 'samples', step: 6, kind: 'points', real: 2, fake: 3, resolution: 4, extent: 2, bytes: (4 + 6 + 16) * 4 },
      { type: 'samples', step: 7, kind: 'images', width: 8, height: 4, rows: ['generated'], bytes: 8 * 4 * 4 },
    ]);
  });

  it('after many large events: no typed array kept, the count and the size bounded', () => {
    const { debug, emit } = hooked();
    const rows = 5000;
    const names = Array.from({ length: 10 }, (_, i) => `loss_${i}`);
    const loss = Array.from({ length: rows }, (_, i) => i % names.length);
    const map = { name: 'loss_0', step: 0, shape: [1, 64, 64, 3], data: new Float32Array(64 * 64 * 3) };
    for (let i = 0; i < 3 * DEBUG_EVENTS_KEPT; i++) {
      emit(history([...names], loss, [i * 10, i * 10 + 9]));
      emit({ type: 'lossMaps', maps: names.map((name) => ({ ...map, name })) });
      emit({ type: 'samples', samples: { kind: 'images', step: i, width: 128, height: 96, rgba: new Uint8ClampedArray(128 * 96 * 4), rows: ['a', 'b', 'c'] } });
    }
    expect(typedArrays(debug.events)).toBe(0);
    expect(debug.events.length).toBeLessThan(2 * DEBUG_EVENTS_KEPT);
    // JSON's length: a measure independent of the hook's own estimate (which errs high).
    expect(JSON.stringify(debug.events).length).toBeLessThanOrEqual(DEBUG_BYTES_KEPT);
    expect(debug.events.at(-1)).toMatchObject({ type: 'samples', step: 3 * DEBUG_EVENTS_KEPT - 1 });
    // Equal loss lists are shared, not copied per batch.
    const lists = new Set(debug.events.flatMap((e) => (e.type === 'history' ? [e.names] : [])));
    expect(lists.size).toBe(1);
  });

  it('bounds bytes too: long messages are clipped, big events push old ones out', () => {
    const { debug, emit } = hooked({ maxBytes: 100_000 });
    emit({ type: 'failed', message: 'x'.repeat(10_000_000) });
    const failed = debug.events[0];
    expect(failed?.type === 'failed' && failed.message.length).toBe(MESSAGE_CHARS_KEPT + '… (9998000 more characters)'.length);
    const names = Array.from({ length: 1000 }, (_, i) => `a_loss_with_a_long_name_${i}`);
    for (let step = 1; step <= 50; step++) emit({ type: 'specChanged', step, names });
    // 1,000 names of ~27 characters: ~60 kB each, so only the newest one or two fit in 100 kB.
    expect(JSON.stringify(debug.events).length).toBeLessThanOrEqual(100_000);
    expect(debug.events.length).toBeGreaterThanOrEqual(1);
    expect(debug.events.at(-1)).toMatchObject({ type: 'specChanged', step: 50 });
  });
});
