import { createStore } from 'zustand/vanilla';
import type { SamplesMessage } from '../protocol/messages';
import { pushFrame } from './frameThinning';

export interface FramesState {
  /** The shown run's preview frames, ascending steps, thinned to a bounded set (frameThinning.ts). */
  readonly frames: readonly SamplesMessage[];
  /** A new preview of the run: kept, and the set thinned. */
  push(frame: SamplesMessage): void;
  /** A stored run's frames (read from the archive), with the previews that arrived while they loaded after them. */
  load(stored: readonly SamplesMessage[]): void;
  reset(): void;
}

/** The samples over time of the run on the page: what the step slider moves through. */
export function createFramesStore() {
  return createStore<FramesState>()((set, get) => ({
    frames: [],
    push(frame) {
      set({ frames: pushFrame(get().frames, frame) });
    },
    load(stored) {
      let frames: SamplesMessage[] = [];
      for (const f of stored) frames = pushFrame(frames, f);
      const last = frames.at(-1)?.step ?? -Infinity;
      for (const f of get().frames) if (f.step > last) frames = pushFrame(frames, f);
      set({ frames });
    },
    reset() {
      if (get().frames.length > 0) set({ frames: [] });
    },
  }));
}

export type FramesStore = ReturnType<typeof createFramesStore>;
