// requestAnimationFrame by hand, for tests of what the page draws per frame. Stubbed as a global:
// the test file's afterEach undoes it with vi.unstubAllGlobals().
import { vi } from 'vitest';

/** Stubs requestAnimationFrame; `frame()` runs what the next frame would. */
export function fakeFrames() {
  let pending: FrameRequestCallback[] = [];
  vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => pending.push(cb));
  return {
    frame() {
      const run = pending;
      pending = [];
      run.forEach((cb) => cb(0));
    },
  };
}
