import { useEffect } from 'react';
import type { StoreApi } from 'zustand/vanilla';
import { inOwnFrame } from '../frameQueue';

/**
 * Calls `draw` with `select(state)` in an animation frame of its own (src/ui/frameQueue.ts) after that value changes
 * (compared by reference), and once after mounting. Several updates between two frames draw
 * once, with the latest value; nothing re-renders React. `select` and `draw` should be stable
 * (module functions or `useCallback`): a new one resubscribes and redraws, which is how a
 * changed option (range, channel) gets drawn.
 */
export function useFrameSubscription<S, T>(store: StoreApi<S>, select: (state: S) => T, draw: (value: T) => void): void {
  useEffect(() => {
    let latest = select(store.getState());
    let cancel: (() => void) | null = null;
    const flush = () => {
      cancel = null;
      draw(latest);
    };
    const schedule = () => {
      cancel ??= inOwnFrame(flush);
    };
    schedule();
    const unsubscribe = store.subscribe((state) => {
      const next = select(state);
      if (next === latest) return;
      latest = next;
      schedule();
    });
    return () => {
      unsubscribe();
      cancel?.();
    };
  }, [store, select, draw]);
}
