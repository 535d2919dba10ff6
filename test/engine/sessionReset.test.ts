import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../src/protocol/messages';
import { sessionHarness, toySettings } from '../helpers/sessionHarness';

// Reset stopped the loop by setting it 'paused', and the loop's exit then said 'paused': the page,
// which shows "Not started" on Reset, switched to "Paused" with no run behind it.
describe('reset while training', () => {
  it('ends the run without a paused event, and frees everything', async () => {
    const before = tf.memory().numTensors;
    const { session, events, waitFor } = sessionHarness();
    await session.handle({ type: 'start', version: PROTOCOL_VERSION, settings: toySettings });
    await waitFor('history', 2);
    const count = events.length;
    await session.handle({ type: 'reset' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events.slice(count).map((e) => e.type)).not.toContain('paused');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('still says paused for a pause, and a reset after it says nothing more', async () => {
    const { session, events, waitFor } = sessionHarness();
    await session.handle({ type: 'start', version: PROTOCOL_VERSION, settings: toySettings });
    await waitFor('history');
    await session.handle({ type: 'pause' });
    await waitFor('paused');
    const count = events.length;
    await session.handle({ type: 'reset' });
    expect(events.slice(count).map((e) => e.type)).toEqual([]);
  });
});
