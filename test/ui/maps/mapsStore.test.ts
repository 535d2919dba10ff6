import { describe, expect, test } from 'vitest';
import type { LossMapMessage, SamplesMessage } from '../../../src/protocol/messages';
import { createMapsStore } from '../../../src/state/mapsStore';
import { HOSTILE_NAMES } from '../../helpers/hostileNames';

const map = (name: string, step: number): LossMapMessage => ({ name, step, shape: [1, 2, 1], data: new Float32Array([step, step]) });

describe('mapsStore', () => {
  test('setMaps keeps the latest map per loss name and leaves the other losses as they were', () => {
    const store = createMapsStore();
    const a1 = map('G_L1', 1);
    const b1 = map('G_GAN', 1);
    store.getState().setMaps([a1, b1]);
    const a2 = map('G_L1', 2);
    store.getState().setMaps([a2]);
    const { maps } = store.getState();
    expect([...maps.keys()]).toEqual(['G_L1', 'G_GAN']);
    expect(maps.get('G_L1')).toBe(a2);
    // Unchanged losses keep their message by reference: their canvases need no redraw.
    expect(maps.get('G_GAN')).toBe(b1);
  });

  test('setMaps with no maps does not notify subscribers', () => {
    const store = createMapsStore();
    let calls = 0;
    store.subscribe(() => calls++);
    store.getState().setMaps([]);
    expect(calls).toBe(0);
  });

  test('setSamples holds the latest samples; reset clears maps and samples', () => {
    const store = createMapsStore();
    const samples: SamplesMessage = { step: 3, kind: 'images', width: 1, height: 1, rgba: new Uint8ClampedArray(4), rows: ['generated'] };
    store.getState().setMaps([map('G_L1', 3)]);
    store.getState().setSamples(samples);
    expect(store.getState().samples).toBe(samples);
    store.getState().reset();
    expect(store.getState().maps.size).toBe(0);
    expect(store.getState().samples).toBeNull();
  });

  test('holds plain data: the state survives structuredClone apart from its actions', () => {
    const store = createMapsStore();
    store.getState().setMaps([map('G_L1', 1)]);
    const { maps, samples } = store.getState();
    expect(structuredClone({ maps, samples })).toEqual({ maps, samples });
  });
});

describe('loss names every object already has', () => {
  test('each keeps its own latest map', () => {
    // Bug: maps lived in a plain object, so the heat map of a loss named `toString` read Object.prototype's function.
    const store = createMapsStore();
    store.getState().setMaps(HOSTILE_NAMES.map((name, i) => map(name, i)));
    const { maps } = store.getState();
    expect([...maps.keys()]).toEqual([...HOSTILE_NAMES]);
    HOSTILE_NAMES.forEach((name, i) => expect(maps.get(name)!.step).toBe(i));
  });
});
