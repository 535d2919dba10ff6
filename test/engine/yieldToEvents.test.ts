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
