/** A function called at most once per interval: the first call at once, the latest of the rest at the end of it. */
export interface Throttled<T> {
  call(value: T): void;
  /** Sends the pending value now (e.g. when a drag ends). */
  flush(): void;
  /** Drops the pending value. */
  cancel(): void;
}

/**
 * Throttles `send` to once per `intervalMs`, always ending on the latest value. Clock and timer
 * are injectable for tests.
 */
export function throttle<T>(
  send: (value: T) => void,
  intervalMs: number,
  now: () => number = () => performance.now(),
  timers: { set: (fn: () => void, ms: number) => unknown; clear: (handle: unknown) => void } = {
    set: (fn, ms) => setTimeout(fn, ms),
    clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  },
): Throttled<T> {
  let last = -Infinity;
  let pending: { value: T } | null = null;
  let timer: unknown = null;
  const fire = () => {
    if (timer !== null) timers.clear(timer);
    timer = null;
    if (!pending) return;
    const { value } = pending;
    pending = null;
    last = now();
    send(value);
  };
  return {
    call(value) {
      pending = { value };
      const wait = last + intervalMs - now();
      if (wait <= 0) fire();
      else if (timer === null) timer = timers.set(fire, wait);
    },
    flush: fire,
    cancel() {
      if (timer !== null) timers.clear(timer);
      timer = null;
      pending = null;
    },
  };
}
