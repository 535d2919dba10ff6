import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeFrames } from '../helpers/fakeFrames';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

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
