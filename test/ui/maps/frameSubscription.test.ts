import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeFrames } from '../../helpers/fakeFrames';
import { createStore } from 'zustand/vanilla';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

/** A view watch driven by hand, as an IntersectionObserver would drive it. */
function fakeView() {
  let listener: ((inView: boolean) => void) | null = null;
  return {
    watch: (onChange: (inView: boolean) => void) => {
      listener = onChange;
      return () => (listener = null);
    },
    set: (inView: boolean) => listener?.(inView),
    watching: () => listener !== null,
  };
}

describe('subscribeFrames', () => {
  it('draws the latest value once per frame, and once at the start', async () => {
    const frames = fakeFrames();
    const { subscribeFrames } = await import('../../../src/ui/maps/frameSubscription');
    const store = createStore(() => ({ step: 0 }));
    const drawn: number[] = [];
    const stop = subscribeFrames(store, (s) => s, (s) => drawn.push(s.step));
    frames.frame();
    expect(drawn).toEqual([0]);
    store.setState({ step: 1 });
    store.setState({ step: 2 });
    frames.frame();
    expect(drawn).toEqual([0, 2]);
    stop();
    store.setState({ step: 3 });
    frames.frame();
    expect(drawn).toEqual([0, 2]);
  });

  it('draws nothing while out of view, and the latest value in the first frame back in view', async () => {
    const frames = fakeFrames();
    const { subscribeFrames } = await import('../../../src/ui/maps/frameSubscription');
    const store = createStore(() => ({ step: 0 }));
    const view = fakeView();
    const drawn: number[] = [];
    const stop = subscribeFrames(store, (s) => s, (s) => drawn.push(s.step), view.watch);
    // In view until told otherwise: the first value is drawn.
    frames.frame();
    expect(drawn).toEqual([0]);
    view.set(false);
    for (let step = 1; step <= 5; step++) {
      store.setState({ step });
      frames.frame();
    }
    expect(drawn).toEqual([0]);
    view.set(true);
    expect(drawn).toEqual([0]);
    frames.frame();
    expect(drawn).toEqual([0, 5]);
    // Nothing new came: scrolling away and back draws nothing more.
    view.set(false);
    view.set(true);
    frames.frame();
    expect(drawn).toEqual([0, 5]);
    store.setState({ step: 6 });
    frames.frame();
    expect(drawn).toEqual([0, 5, 6]);
    stop();
    expect(view.watching()).toBe(false);
  });
});
