import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

/** requestAnimationFrame by hand: `frame()` runs what the next frame would. */
function fakeFrames() {
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

describe('inOwnFrame', () => {
  it('runs one job per animation frame, in the order queued, and forgets a cancelled one', async () => {
    const frames = fakeFrames();
    const { inOwnFrame } = await import('../../src/ui/frameQueue');
    const ran: string[] = [];
    inOwnFrame(() => ran.push('G chart'));
    const cancel = inOwnFrame(() => ran.push('D chart'));
    inOwnFrame(() => ran.push('loss maps'));
    cancel();
    expect(ran).toEqual([]);
    frames.frame();
    expect(ran).toEqual(['G chart']);
    frames.frame();
    expect(ran).toEqual(['G chart', 'loss maps']);
    frames.frame();
    inOwnFrame(() => ran.push('samples'));
    frames.frame();
    expect(ran).toEqual(['G chart', 'loss maps', 'samples']);
  });
});
