import { useEffect } from 'react';
import type { StoreApi } from 'zustand/vanilla';

/**
 * Calls `draw` with `select(state)` in the next animation frame after that value changes
 * (compared by reference), and once after mounting. Several updates between two frames draw
 * once, with the latest value; nothing re-renders React. `select` and `draw` should be stable
 * (module functions or `useCallback`): a new one resubscribes and redraws, which is how a
 * changed option (range, channel) gets drawn.
 */
export function useFrameSubscription<S, T>(store: StoreApi<S>, select: (state: S) => T, draw: (value: T) => void): void {
  useEffect(() => {
    let latest = select(store.getState());
    let frame = 0;
    const flush = () => {
      frame = 0;
      draw(latest);
    };
    const schedule = () => {
      if (frame === 0) frame = requestAnimationFrame(flush);
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
      if (frame !== 0) cancelAnimationFrame(frame);
    };
  }, [store, select, draw]);
}
