// A turn of the event loop between training steps, so that commands (a weight slider) arrive
// at the next step, without the browser's nested-timer clamp: once setTimeout calls nest five
// deep, each waits at least 4 ms (HTML's timer rules), which measured 4.3-4.6 ms per step in a
// Worker where a toy step computes in ~4.5 ms. A MessageChannel message is a task of its own,
// queued behind any command the page posted before it (both are posted messages), and costs
// ~0.01 ms.

/** A function that resolves after one turn of the event loop: queued tasks (commands) run first. */
export type YieldToEvents = () => Promise<void>;

interface ChannelLike {
  readonly port1: { onmessage: ((event: unknown) => void) | null; close?(): void };
  readonly port2: { postMessage(message: unknown): void };
}

/**
 * The cheapest macrotask turn where this runs: Node's setImmediate, else a MessageChannel
 * round trip (Workers, pages), else setTimeout(0).
 */
export function createYieldToEvents(env: { setImmediate?: (fn: () => void) => unknown; MessageChannel?: new () => ChannelLike } = globalThis as never): YieldToEvents {
  if (typeof env.setImmediate === 'function') {
    const immediate = env.setImmediate;
    return () => new Promise<void>((resolve) => void immediate(resolve));
  }
  if (typeof env.MessageChannel === 'function') {
    const channel = new env.MessageChannel();
    const waiting: (() => void)[] = [];
    // One message per waiter, answered in order: a second yield before the first resolves still waits its own turn.
    channel.port1.onmessage = () => waiting.shift()?.();
    return () =>
      new Promise<void>((resolve) => {
        waiting.push(resolve);
        channel.port2.postMessage(null);
      });
  }
  return () => new Promise<void>((resolve) => setTimeout(resolve, 0));
}
