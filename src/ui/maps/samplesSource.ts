import type { StoreApi } from 'zustand/vanilla';
import type { SamplesMessage } from '../../protocol/messages';

/** What a samples picture draws from: the latest preview (the maps store), or a frame picked on the step slider. */
export interface SamplesState {
  readonly samples: SamplesMessage | null;
}

export type SamplesSource = StoreApi<SamplesState>;
