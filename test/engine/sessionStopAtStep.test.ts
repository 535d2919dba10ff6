import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../src/protocol/messages';
import { validateRunSettings } from '../../src/protocol/runSettings';
import { sessionHarness, stepsByLoss, toySettings } from '../helpers/sessionHarness';

describe('stopAtStep: a run that pauses itself after exactly N iterations', () => {
  it('pauses at step 7 with steps 0..6 recorded, and a resume trains no further', async () => {
    const { session, events, waitFor } = sessionHarness();
    await session.handle({ type: 'start', version: PROTOCOL_VERSION, settings: { ...toySettings, stopAtStep: 7 } });
    const [paused] = await waitFor('paused');
    expect(paused!.step).toBe(7);
    expect(stepsByLoss(events).get('G_GAN')).toEqual([0, 1, 2, 3, 4, 5, 6]);
    await session.handle({ type: 'resume' });
    const [, again] = await waitFor('paused', 2);
    expect(again!.step).toBe(7);
    expect(stepsByLoss(events).get('G_GAN')).toHaveLength(7);
    const progress = events.flatMap((e) => (e.type === 'progress' ? [e.progress.step] : []));
    expect(progress.at(-1)).toBe(7);
    await session.handle({ type: 'reset' });
  });

  it('is a whole number of at least 1, named at its path', () => {
    for (const bad of [0, 2.5, -1, Number.NaN]) {
      const checked = validateRunSettings({ ...toySettings, stopAtStep: bad });
      expect(checked.ok).toBe(false);
      if (!checked.ok) expect(checked.issues.map((i) => i.path)).toContain('stopAtStep');
    }
    expect(validateRunSettings({ ...toySettings, stopAtStep: 100 }).ok).toBe(true);
  });
});
