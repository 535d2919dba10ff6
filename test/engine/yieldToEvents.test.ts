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
  it("rests as long as the pace says before a step, not at all without a pace, and hands 'pageLate' to it", async () => {
    const { sessionHarness, toySettings } = await import('../helpers/sessionHarness');
    const { PROTOCOL_VERSION } = await import('../../src/protocol/messages');
    const rests = (calls: unknown[][]) => calls.filter(([, ms]) => ms === 7).length;
    const timeout = vi.spyOn(globalThis, 'setTimeout');
    for (const withPace of [true, false]) {
      timeout.mockClear();
      const late: number[] = [];
      // A rest of 7 ms before every step.
      const pace = { restDue: () => 7, late: (frameMs: number) => void late.push(frameMs) };
      const { session, waitFor } = sessionHarness(withPace ? { pace } : {});
      await session.handle({ type: 'start', version: PROTOCOL_VERSION, settings: toySettings });
      await session.handle({ type: 'pageLate', frameMs: 80 });
      await waitFor('history', 3);
      await session.handle({ type: 'pause' });
      const [paused] = await waitFor('paused');
      if (withPace) {
        expect(rests(timeout.mock.calls)).toBeGreaterThanOrEqual(paused!.step - 1);
        expect(late).toEqual([80]);
      } else expect(rests(timeout.mock.calls)).toBe(0);
      await session.handle({ type: 'reset' });
    }
    timeout.mockRestore();
  });

  it("refuses a 'pageLate' that is not a positive number of ms, and the run goes on", async () => {
    const { sessionHarness, toySettings } = await import('../helpers/sessionHarness');
    const { PROTOCOL_VERSION } = await import('../../src/protocol/messages');
    const { AdaptivePace } = await import('../../src/engine/adaptivePace');
    const { session, events, waitFor } = sessionHarness({ pace: new AdaptivePace() });
    await session.handle({ type: 'start', version: PROTOCOL_VERSION, settings: toySettings });
    await session.handle({ type: 'pageLate', frameMs: Number.NaN });
    expect(events.at(-1)).toMatchObject({ type: 'rejected', command: 'pageLate', message: 'a late frame needs a positive number of milliseconds, got NaN' });
    const [before] = (await waitFor('history')).slice(-1);
    await waitFor('history', events.filter((e) => e.type === 'history').length + 1);
    expect(before).toBeDefined();
    await session.handle({ type: 'reset' });
  });

  it("takes 'pageLate' at once, even while a start is still building its run, and a bad one before any run is 'rejected', not 'failed'", async () => {
    const { sessionHarness, toySettings } = await import('../helpers/sessionHarness');
    const { toyNetworks, onePoint } = await import('../helpers/toyGan');
    const { PROTOCOL_VERSION } = await import('../../src/protocol/messages');
    const late: number[] = [];
    let build!: () => void;
    const built = new Promise<void>((resolve) => (build = resolve));
    const { session, events, waitFor } = sessionHarness({
      pace: {
        restDue: () => 0,
        late: (frameMs: number) => {
          if (frameMs <= 0) throw new Error(`bad frame ${frameMs}`);
          late.push(frameMs);
        },
      },
      buildSetup: async () => {
        await built;
        return { networks: toyNetworks(), data: onePoint };
      },
    });
    await session.handle({ type: 'pageLate', frameMs: -1 });
    expect(events).toEqual([{ type: 'rejected', command: 'pageLate', message: 'bad frame -1' }]);
    const started = session.handle({ type: 'start', version: PROTOCOL_VERSION, settings: toySettings });
    await session.handle({ type: 'pageLate', frameMs: 70 });
    expect(late).toEqual([70]);
    build();
    await started;
    await waitFor('history');
    await session.handle({ type: 'reset' });
    expect(events.some((e) => e.type === 'failed')).toBe(false);
  });
});
