import { describe, expect, it } from 'vitest';
import { installDebugHook } from '../../src/app/debugHook';
import { createPlayground } from '../../src/client/playground';
import type { TrainingEvent } from '../../src/protocol/messages';

describe('the debug hook (window.playground)', () => {
  it('keeps the newest events, not every event of a long run', () => {
    let emit: (event: TrainingEvent) => void = () => {};
    const controller = createPlayground((onEvent) => {
      emit = onEvent;
      return { send: () => {}, terminate: () => {} };
    });
    const target: { playground?: ReturnType<typeof installDebugHook> } = {};
    const debug = installDebugHook(target, controller, 10);
    expect(target.playground).toBe(debug);
    controller.start();
    for (let step = 1; step <= 95; step++) emit({ type: 'paused', step });
    // Trimmed to the newest 10 when it reaches 20: after 95 events, 10 + (95 - 20) % 10 = 15 left.
    expect(debug.events.length).toBe(10 + ((95 - 20) % 10));
    expect(debug.events.at(-1)).toMatchObject({ step: 95 });
    expect(debug.events[0]).toMatchObject({ step: 95 - debug.events.length + 1 });
  });
});
