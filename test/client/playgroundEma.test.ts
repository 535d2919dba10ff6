// The page's EMA preview toggle: into the settings, to a running run that has an EMA generator,
// caught up when toggled while the run was starting, and carried by a share link.
import { describe, expect, it } from 'vitest';
import { catchUpCommands } from '../../src/client/catchUp';
import { createPlayground } from '../../src/client/playground';
import { decodeLink, encodeSetup } from '../../src/client/shareLink';
import type { TrainingClient } from '../../src/client/trainingClient';
import { PROTOCOL_VERSION, type TrainingCommand, type TrainingEvent } from '../../src/protocol/messages';
import { defaultSettings } from '../../src/protocol/presets';

function fake() {
  const sent: TrainingCommand[] = [];
  let emit: (event: TrainingEvent) => void = () => undefined;
  const playground = createPlayground(
    (onEvent): TrainingClient => {
      emit = onEvent;
      return { send: (c) => sent.push(c), terminate: () => undefined };
    },
    { archive: null },
  );
  const ready: TrainingEvent = { type: 'ready', version: PROTOCOL_VERSION, backend: 'cpu', reasons: [], adapter: null, outputKeys: [] };
  return { playground, sent, ready: () => emit(ready), settings: () => playground.stores.settings.getState().settings };
}

describe('the EMA preview toggle', () => {
  it('goes into the settings and to a running run that has an EMA generator', () => {
    const { playground, sent, ready, settings } = fake();
    playground.stores.settings.getState().update({ ema: { momentum: 0.001 } });
    playground.start();
    ready();
    playground.setEmaPreview('live');
    expect(settings().ema).toEqual({ momentum: 0.001, preview: 'live' });
    expect(sent.at(-1)).toEqual({ type: 'setEmaPreview', preview: 'live' });
  });

  it('is not sent to a run started without one, nor kept in settings without ema', () => {
    const { playground, sent, ready, settings } = fake();
    playground.start();
    ready();
    playground.setEmaPreview('live');
    expect(settings().ema).toBeUndefined();
    // EMA turned on for the next start: the toggle is kept, the running run (none) is not told.
    playground.stores.settings.getState().update({ ema: { momentum: 0.001 } });
    playground.setEmaPreview('live');
    expect(settings().ema).toEqual({ momentum: 0.001, preview: 'live' });
    expect(sent.some((c) => c.type === 'setEmaPreview')).toBe(false);
  });

  it('toggled while the run starts is caught up after ready', () => {
    const started = { ...defaultSettings('toy'), ema: { momentum: 0.01 } };
    expect(catchUpCommands(started, { ...started, ema: { momentum: 0.01, preview: 'live' } })).toEqual([{ type: 'setEmaPreview', preview: 'live' }]);
    expect(catchUpCommands(started, { ...started, ema: { momentum: 0.01, preview: 'ema' } })).toEqual([]);
    expect(catchUpCommands(defaultSettings('toy'), started)).toEqual([]);
  });

  it('travels in a share link, and a bad one falls back naming ema.momentum', () => {
    const settings = { ...defaultSettings('toy'), ema: { momentum: 0.002, startIteration: 100, preview: 'live' as const } };
    const decoded = decodeLink(new URL(`https://x.test/${encodeSetup(settings)}`));
    expect(decoded.problems).toEqual([]);
    expect(decoded.settings?.ema).toEqual(settings.ema);
    const bad = decodeLink(new URL(`https://x.test/${encodeSetup({ ...settings, ema: { momentum: 0.999 * 2 } })}`));
    expect(bad.problems).toEqual([expect.stringMatching(/ema\.momentum: must be a number between 0 and 1.*the defaults are used for ema/)]);
    expect(bad.settings?.ema).toBeUndefined();
  });
});
