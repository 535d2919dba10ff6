import { useId } from 'react';
import type { EmaSettings } from '../protocol/messages';
import { emaMomentumWarning } from '../protocol/emaSettings';
import { fieldIssues } from '../protocol/runSettings';
import { NumberInput } from './NumberInput';
import { usePlayground, useSettings } from './usePlayground';

/**
 * The page's momentum when EMA is turned on. MMagic's default, 0.0002, halves the old weights'
 * share only every ~3,500 updates (ln 2 / m): longer than most runs here; 0.001 takes ~700.
 */
export const PAGE_EMA_MOMENTUM = 0.001;

/**
 * The EMA generator (MMagic's ema_config): on or off with its momentum and start for the next
 * Start, each box checked against the settings schema; and which generator the preview draws,
 * which a running run with an EMA generator takes at once.
 */
export function EmaControls() {
  const playground = usePlayground();
  const ema = useSettings((s) => s.settings.ema);
  const store = playground.stores.settings;
  const momentumId = useId();
  const startId = useId();
  const warningId = useId();
  const set = (next: EmaSettings) => store.getState().update({ ema: next });
  // The settings schema's own words for the value in the box (fieldIssues' path is ema.<key>).
  const problem = (key: 'momentum' | 'startIteration') => (v: number) => fieldIssues('ema', { ...ema, [key]: v })[0]?.message ?? null;
  const toggle = (on: boolean) => {
    const { ema: _off, ...rest } = store.getState().settings;
    if (on) set({ momentum: PAGE_EMA_MOMENTUM });
    else store.getState().replace(rest);
  };
  const warning = ema ? emaMomentumWarning(ema.momentum) : null;
  return (
    <fieldset className="ema">
      <legend>
        <label className="inline">
          <input type="checkbox" checked={ema !== undefined} onChange={(e) => toggle(e.target.checked)} /> EMA generator (MMagic&apos;s ema_config)
        </label>
      </legend>
      {ema && (
        <>
          <div className="grid2">
            <div className="field">
              <label htmlFor={momentumId}>EMA momentum (the new weights&apos; share)</label>
              <NumberInput
                id={momentumId}
                aria-label="EMA momentum"
                aria-describedby={warning ? warningId : undefined}
                value={ema.momentum}
                min={0}
                max={1}
                step="any"
                check={problem('momentum')}
                onCommit={(momentum) => set({ ...ema, momentum })}
              />
            </div>
            <div className="field">
              <label htmlFor={startId}>EMA from iteration</label>
              <NumberInput id={startId} aria-label="EMA start iteration" value={ema.startIteration ?? 0} min={0} step={1} check={problem('startIteration')} onCommit={(startIteration) => set({ ...ema, startIteration })} />
            </div>
          </div>
          {warning && (
            <p id={warningId} className="muted">
              {warning}
            </p>
          )}
          <label className="inline">
            <input type="checkbox" checked={ema.preview !== 'live'} onChange={(e) => playground.setEmaPreview(e.target.checked ? 'ema' : 'live')} /> Preview draws the EMA generator
          </label>
        </>
      )}
    </fieldset>
  );
}
