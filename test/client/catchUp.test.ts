import { describe, expect, it } from 'vitest';
import { catchUpCommands } from '../../src/client/catchUp';
import { defaultSettings } from '../../src/protocol/presets';

const started = defaultSettings('toy'); // toy/log-loss: G_GAN, D_real, D_fake, all weight 1
const withLosses = (losses: typeof started.spec.losses) => ({ ...started, spec: { ...started.spec, losses } });

describe('catchUpCommands', () => {
  it('is empty when nothing changed', () => {
    expect(catchUpCommands(started, started)).toEqual([]);
    expect(catchUpCommands(started, structuredClone(started))).toEqual([]);
  });

  it('sends each changed weight, and a schedule as a schedule', () => {
    const schedule = { kind: 'linear', start: 0, end: 1, from: 0, to: 10, unit: 'step' } as never;
    const now = withLosses(started.spec.losses.map((l) => (l.name === 'D_real' ? { ...l, loss_weight: 2 } : l.name === 'D_fake' ? { ...l, schedule } : l)));
    expect(catchUpCommands(started, now)).toEqual([
      { type: 'setWeight', name: 'D_real', value: 2 },
      { type: 'setSchedule', name: 'D_fake', schedule },
    ]);
  });

  it('sends the whole spec when losses were added, removed or retyped', () => {
    const now = withLosses(started.spec.losses.slice(0, 2));
    expect(catchUpCommands(started, now)).toEqual([{ type: 'setSpec', spec: now.spec }]);
  });
});
