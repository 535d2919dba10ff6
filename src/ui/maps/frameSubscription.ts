import type { StoreApi } from 'zustand/vanilla';
import { inOwnFrame } from '../frameQueue';

/** Says whether a drawing is in view: calls `onChange` when that changes; returns a function that stops. */
export type ViewWatch = (onChange: (inView: boolean) => void) => () => void;

/**
 * Calls `draw` with `select(state)` in an animation frame of its own (src/ui/frameQueue.ts) after
 * that value changes (compared by reference), and once at once. Several updates between two
 * frames draw once, with the latest value. With `view`, nothing is drawn while out of view (the
 * toy plane, twice a second while training, is usually scrolled away under the charts): a value
 * that came meanwhile is drawn in the first frame after it comes back into view. In view until
 * `view` says otherwise. Returns a function that stops.
 */
export function subscribeFrames<S, T>(store: StoreApi<S>, select: (state: S) => T, draw: (value: T) => void, view?: ViewWatch): () => void {
  let latest = select(store.getState());
  let cancel: (() => void) | null = null;
  let inView = true;
  /** A value came while out of view. */
  let missed = false;
  const flush = () => {
    cancel = null;
    draw(latest);
  };
  const schedule = () => {
    if (!inView) missed = true;
    else cancel ??= inOwnFrame(flush);
  };
  const unwatch = view?.((now) => {
    inView = now;
    if (inView && missed) {
      missed = false;
      schedule();
    }
  });
  schedule();
  const unsubscribe = store.subscribe((state) => {
    const next = select(state);
    if (next === latest) return;
    latest = next;
    schedule();
  });
  return () => {
    unsubscribe();
    unwatch?.();
    cancel?.();
  };
}

/** Whether `element` intersects the viewport, from an IntersectionObserver (none where there is no such thing). */
export function elementInView(element: Element | null | undefined): ViewWatch | undefined {
  if (!element || typeof IntersectionObserver === 'undefined') return undefined;
  return (onChange) => {
    const observer = new IntersectionObserver((entries) => {
      const last = entries[entries.length - 1];
      if (last) onChange(last.isIntersecting);
    });
    observer.observe(element);
    return () => observer.disconnect();
  };
}
