import { createStore } from 'zustand/vanilla';
import type { LossMapMessage, SamplesMessage } from '../protocol/messages';

export interface MapsState {
  /**
   * The latest map of every loss that reported one, by loss name, in first-reported order. A
   * Map: a loss may be named `toString` or `__proto__`.
   */
  readonly maps: ReadonlyMap<string, LossMapMessage>;
  /** The latest samples picture, or null before the first. */
  readonly samples: SamplesMessage | null;
  /** Replaces the maps of the losses in `maps`; the other losses keep theirs. */
  setMaps(maps: readonly LossMapMessage[]): void;
  setSamples(samples: SamplesMessage): void;
  reset(): void;
}

/**
 * Loss maps and samples on the page: plain data (typed arrays with shapes). Each update makes a
 * new `maps` object holding the unchanged messages by reference, so a canvas subscribed to one
 * loss redraws only when that loss's message changes (transient subscription, no React render).
 */
export function createMapsStore() {
  return createStore<MapsState>()((set, get) => ({
    maps: new Map(),
    samples: null,
    setMaps(maps) {
      if (maps.length === 0) return;
      const next = new Map(get().maps);
      for (const map of maps) next.set(map.name, map);
      set({ maps: next });
    },
    setSamples(samples) {
      set({ samples });
    },
    reset() {
      set({ maps: new Map(), samples: null });
    },
  }));
}

export type MapsStore = ReturnType<typeof createMapsStore>;
