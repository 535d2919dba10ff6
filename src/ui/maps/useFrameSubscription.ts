import { useEffect, type RefObject } from 'react';
import type { StoreApi } from 'zustand/vanilla';
import { elementInView, subscribeFrames } from './frameSubscription';

/**
 * Calls `draw` with `select(state)` in an animation frame of its own after that value changes,
 * and once after mounting (subscribeFrames in frameSubscription.ts); with `inViewOf`, only while
 * that element is in view, catching up as it scrolls back in. Nothing re-renders React. `select`
 * and `draw` should be stable (module functions or `useCallback`): a new one resubscribes and
 * redraws, which is how a changed option (range, channel) gets drawn.
 */
export function useFrameSubscription<S, T>(store: StoreApi<S>, select: (state: S) => T, draw: (value: T) => void, inViewOf?: RefObject<Element | null>): void {
  useEffect(() => subscribeFrames(store, select, draw, elementInView(inViewOf?.current)), [store, select, draw, inViewOf]);
}
