import { describe, expect, it } from 'vitest';
import { throttle } from '../../src/ui/throttle';

/** A fake clock and timer queue. */
function fakeTime() {
  let t = 0;
  const queue: { at: number; fn: () => void; id: number }[] = [];
  let ids = 0;
  return {
    now: () => t,
    timers: {
      set: (fn: () => void, ms: number) => {
        queue.push({ at: t + ms, fn, id: ++ids });
        return ids;
      },
      clear: (id: unknown) => {
        const i = queue.findIndex((q) => q.id === id);
        if (i >= 0) queue.splice(i, 1);
      },
    },
    advance(ms: number) {
      t += ms;
      for (const q of queue.filter((q) => q.at <= t)) {
        queue.splice(queue.indexOf(q), 1);
        q.fn();
      }
    },
  };
}

describe('throttle', () => {
  it('sends the first value at once and then the latest one per interval', () => {
    const clock = fakeTime();
    const sent: number[] = [];
    const t = throttle((v: number) => sent.push(v), 250, clock.now, clock.timers);
    t.call(1); // t = 0: at once
    clock.advance(50);
    t.call(2);
    clock.advance(50);
    t.call(3); // 2 is superseded
    expect(sent).toEqual([1]);
    clock.advance(150); // t = 250: the interval is over
    expect(sent).toEqual([1, 3]);
    clock.advance(1000);
    t.call(4); // long after: at once again
    expect(sent).toEqual([1, 3, 4]);
  });

  it('flush sends the pending value now; cancel drops it', () => {
    const clock = fakeTime();
    const sent: number[] = [];
    const t = throttle((v: number) => sent.push(v), 250, clock.now, clock.timers);
    t.call(1);
    t.call(2);
    t.flush();
    expect(sent).toEqual([1, 2]);
    t.flush(); // nothing pending
    t.call(3);
    t.cancel();
    clock.advance(1000);
    expect(sent).toEqual([1, 2]);
  });
});
