import { createContext } from 'react';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { XAxisKind } from './xAxis';
import type { Domain } from './yDomain';

/** The hover cursor every chart shows: a step, and which chart is pointed at (it shows the readout). */
export interface CursorState {
  /** The step under the cursor; null when none is shown. */
  readonly step: number | null;
  /** The chart (its id) the pointer or keys moved the cursor in. */
  readonly source: string | null;
  /** The pointer's height in the source chart's plot, 0 at the top and 1 at the bottom; null when moved by keys. */
  readonly y: number | null;
}

export type CursorStore = StoreApi<CursorState>;

export const NO_CURSOR: CursorState = { step: null, source: null, y: null };

export function createCursorStore(): CursorStore {
  return createStore<CursorState>(() => NO_CURSOR);
}

/**
 * The cursor the charts share. Its default is one for the whole page, so every chart (loss,
 * single-loss and gradient charts alike) links without wiring; a test or a second, unlinked
 * grid provides its own.
 */
export const CursorContext = createContext<CursorStore>(createCursorStore());

/** The x range every chart is zoomed to, in the units of the axis it was chosen on; null: whole run. */
export type ZoomState = { readonly axis: XAxisKind; readonly range: Domain } | null;

export type ZoomStore = StoreApi<ZoomState>;

export function createZoomStore(): ZoomStore {
  return createStore<ZoomState>(() => null);
}

/** The zoom the charts share: one for the page, as the cursor. */
export const ZoomContext = createContext<ZoomStore>(createZoomStore());
