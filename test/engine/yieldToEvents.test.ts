import { MessageChannel as NodeMessageChannel } from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import { createYieldToEvents } from '../../src/engine/yieldToEvents';

describe('createYieldToEvents', () => {
  it('in a Worker (no setImmediate): a MessageChannel turn, after the microtasks already queued, in call order', async () => {
    const channels: NodeMessageChannel[] = [];
    const MessageChannel = class {
      constructor() {
        const c = new NodeMessageChannel();
        channels.push(c);
        return c;
      }
    };
    const timeout = vi.spyOn(globalThis, 'setTimeout');
    const yieldOnce = createYieldToEvents({ MessageChannel: MessageChannel as never });
    const order: string[] = [];
    const turns = [1, 2, 3].map((i) => yieldOnce().then(() => order.push(`yield ${i}`)));
    void Promise.resolve().then(() => order.push('microtask'));
    await Promise.all(turns);
    expect(order).toEqual(['microtask', 'yield 1', 'yield 2', 'yield 3']);
    // No timer: the nested-timer clamp (>= 4 ms a step) never applies.
    expect(timeout).not.toHaveBeenCalled();
    timeout.mockRestore();
    channels.forEach((c) => c.port1.close());
  });

  it('lets a task queued before it run first (a command posted between two steps)', async () => {
    const yieldOnce = createYieldToEvents({ setImmediate });
    const order: string[] = [];
    setImmediate(() => order.push('command'));
    await yieldOnce();
    order.push('next step');
    expect(order).toEqual(['command', 'next step']);
  });

  it('falls back to setTimeout where there is neither', async () => {
    vi.useFakeTimers();
    const yieldOnce = createYieldToEvents({});
    let done = false;
    void yieldOnce().then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toBe(true);
    vi.useRealTimers();
  });
});

describe("the session's pace", () => {
  it('rests restMs after every busyMs of steps, and not at all without a pace', async () => {
    const { sessionHarness, toySettings } = await import('../helpers/sessionHarness');
    const { PROTOCOL_VERSION } = await import('../../src/protocol/messages');
    const rests = (calls: unknown[][]) => calls.filter(([, ms]) => ms === 7).length;
    const timeout = vi.spyOn(globalThis, 'setTimeout');
    for (const pace of [{ busyMs: 0, restMs: 7 }, undefined]) {
      timeout.mockClear();
      const { session, waitFor } = sessionHarness(pace ? { pace } : {});
      await session.handle({ type: 'start', version: PROTOCOL_VERSION, settings: toySettings });
      await waitFor('history', 3);
      await session.handle({ type: 'pause' });
      const [paused] = await waitFor('paused');
      // busyMs 0: a rest before every step.
      if (pace) expect(rests(timeout.mock.calls)).toBeGreaterThanOrEqual(paused!.step - 1);
      else expect(rests(timeout.mock.calls)).toBe(0);
      await session.handle({ type: 'reset' });
    }
    timeout.mockRestore();
  });
});
