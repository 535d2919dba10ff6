import { useEffect, useId, useState } from 'react';
import { shareUrl } from '../client/shareLink';
import { BUILTIN_SPECS } from '../manager/builtinSpecs';
import type { BackendName, RunSettings } from '../protocol/messages';
import { FAMILIES, FAMILY_LABELS, PIX2PIX_TASKS, SPECS_BY_FAMILY, TOY_TARGETS, type Family } from '../protocol/presets';
import { Field, NumberField, problemWith } from './fields';
import { ModelControls } from './ModelControls';
import { OptimizerControls } from './OptimizerControls';
import { EmaControls } from './EmaControls';
import { usePlayground, useRun, useSettings } from './usePlayground';
import { DrawnPoints, PairImages } from './UserData';

const BACKENDS: (BackendName | '')[] = ['', 'webgpu', 'webgl', 'wasm', 'cpu'];
const SPEEDS: readonly number[] = [10, 2, 0.5];

/** Model family and data, the run's numbers, and Start / Pause / Step / Reset. Space pauses. */
export function RunControls() {
  const playground = usePlayground();
  const settings = useSettings((s) => s.settings);
  const status = useRun((s) => s.status);
  const speed = useSettings((s) => s.speed);
  const update = (patch: Partial<RunSettings>) => playground.stores.settings.getState().update(patch);
  type Whole = 'batchSize' | 'seed' | 'dSteps' | 'gSteps' | 'gradEvery' | 'metricsEvery';
  // Both steps at 0 is reported at dSteps: the G box shows it too.
  const check = (field: Whole) => (v: number) => problemWith(settings, { [field]: v }, field === 'gSteps' ? ['gSteps', 'dSteps'] : [field]);
  const family = settings.family as Family;
  const [shared, setShared] = useState('');
  const outputKeys = useRun((s) => s.outputKeys);
  // Why Start refused, for the spec it checked: a later spec (fixed in the editor) clears it.
  const [refused, setRefused] = useState<{ spec: RunSettings['spec']; message: string } | null>(null);
  const refusal = refused?.spec === settings.spec ? refused.message : null;
  const refusalId = useId();
  const start = async () => {
    // Loaded on demand, as the spec editor is: the checks bring zod, kept out of the first chunk.
    const { editorOutputKeys, validateDraft } = await import('./spec/issues');
    const issues = validateDraft(settings.spec, editorOutputKeys(outputKeys));
    if (issues.length > 0) {
      const [first] = issues;
      const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
      setRefused({ spec: settings.spec, message: `The loss spec is invalid, fix it in the spec editor: ${first!.path}: ${first!.message}${more}` });
      return;
    }
    setRefused(null);
    playground.start();
  };
  const share = async () => {
    const url = shareUrl(new URL(window.location.href), settings, playground.stores.settings.getState().speed);
    window.history.replaceState(null, '', url);
    try {
      await navigator.clipboard.writeText(url.href);
      setShared('Link copied');
    } catch {
      setShared('Link is in the address bar');
    }
  };
  const active = status === 'running' || status === 'paused' || status === 'starting';

  // Space toggles pause anywhere but in a field that takes it (text, checkbox, select...).
  // On a button too: after clicking Start, Space would otherwise press Restart again and wipe
  // the run; Enter still presses the focused button.
  useEffect(() => {
    let handled = false;
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.code !== 'Space' || e.repeat || takesSpace(e.target)) return;
      e.preventDefault();
      handled = true;
      const s = playground.stores.run.getState().status;
      if (s === 'running') playground.pause();
      else if (s === 'paused') playground.resume();
    };
    // A button is pressed on Space's keyup: swallow the keyup of a Space we handled.
    const onKeyUp = (e: KeyboardEvent) => {
      if (e.code === 'Space' && handled) e.preventDefault();
      if (e.code === 'Space') handled = false;
    };
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('keyup', onKeyUp);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('keyup', onKeyUp);
    };
  }, [playground]);

  return (
    <section aria-label="Run controls" className="panel">
      <h2>Run</h2>
      <div className="buttons">
        <button type="button" onClick={() => void start()} disabled={status === 'starting'} aria-describedby={refusal ? refusalId : undefined}>
          {active ? 'Restart' : 'Start'}
        </button>
        <button type="button" onClick={() => (status === 'running' ? playground.pause() : playground.resume())} disabled={status !== 'running' && status !== 'paused'}>
          {status === 'running' ? 'Pause' : 'Resume'}
        </button>
        <button type="button" onClick={() => playground.step('D')} disabled={!active} aria-label="Step the discriminator once">
          Step D
        </button>
        <button type="button" onClick={() => playground.step('G')} disabled={!active} aria-label="Step the generator once">
          Step G
        </button>
        <button type="button" onClick={() => playground.step('both')} disabled={!active} aria-label="Step both networks once">
          Step both
        </button>
        <button type="button" onClick={() => playground.reset()} disabled={!active}>
          Reset
        </button>
        <button type="button" onClick={() => void share()} aria-label="Share this setup as a link">
          Share
        </button>
        <span role="status" className="muted">
          {shared}
        </span>
      </div>
      {refusal && (
        <p id={refusalId} role="alert" className="error">
          {refusal}
        </p>
      )}
      <Field label="Model family">
        {(id) => (
          <select id={id} value={family} onChange={(e) => playground.stores.settings.getState().setFamily(e.target.value as Family)}>
            {FAMILIES.map((f) => (
              <option key={f} value={f}>
                {FAMILY_LABELS[f]}
              </option>
            ))}
          </select>
        )}
      </Field>
      {family === 'toy' && (
        <Field label="Target distribution">
          {(id) => (
            <select id={id} value={String(settings.data.kind ?? 'ring')} onChange={(e) => update({ data: { ...settings.data, kind: e.target.value } })}>
              {TOY_TARGETS.filter((t) => t !== 'drawn').map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          )}
        </Field>
      )}
      {family === 'toy' && <DrawnPoints />}
      {family === 'pix2pix' && <PairImages />}
      {family === 'pix2pix' && settings.data.images === undefined && (
        <Field label="Paired task">
          {(id) => (
            <select id={id} value={String(settings.data.task ?? 'edges-to-shapes')} onChange={(e) => playground.stores.settings.getState().setPairData({ task: e.target.value })}>
              {PIX2PIX_TASKS.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field label="Loss spec">
        {(id) => (
          <select
            id={id}
            value={settings.spec.name ?? ''}
            onChange={(e) => {
              const spec = BUILTIN_SPECS[e.target.value];
              if (spec) playground.applySpec(structuredClone(spec));
            }}
          >
            {!SPECS_BY_FAMILY[family].includes(settings.spec.name ?? '') && <option value={settings.spec.name ?? ''}>{settings.spec.name ?? 'custom'}</option>}
            {SPECS_BY_FAMILY[family].map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        )}
      </Field>
      <div className="grid2">
        <NumberField label="Batch size" value={settings.batchSize} min={1} check={check('batchSize')} onChange={(v) => update({ batchSize: v })} />
        <NumberField label="Seed" value={settings.seed} min={0} check={check('seed')} onChange={(v) => update({ seed: v })} />
        <NumberField label="D steps per iteration" value={settings.dSteps} min={0} check={check('dSteps')} onChange={(v) => update({ dSteps: v })} />
        <NumberField label="G steps per iteration" value={settings.gSteps} min={0} check={check('gSteps')} onChange={(v) => update({ gSteps: v })} />
        <StepsPerEpoch />
        <NumberField label="Gradient diagnostics every (steps, 0 off)" value={settings.gradEvery ?? 0} min={0} check={check('gradEvery')} onChange={(v) => update({ gradEvery: v })} />
        <label className="inline">
          <input type="checkbox" checked={settings.gradLayers === true} onChange={(e) => update({ gradLayers: e.target.checked })} /> Gradient norms per layer too
        </label>
        <NumberField label="Quality metrics every (steps, 0 off)" value={settings.metricsEvery ?? 0} min={0} check={check('metricsEvery')} onChange={(v) => update({ metricsEvery: v })} />
      </div>
      <OptimizerControls />
      <ModelControls />
      <EmaControls />
      <Field label="Speed">
        {(id) => (
          <select id={id} value={speed === null ? '' : String(speed)} onChange={(e) => playground.setSpeed(e.target.value === '' ? null : Number(e.target.value))}>
            <option value="">flat out</option>
            {/* A link's own speed (?speed=5) stays on show. */}
            {speed !== null && !SPEEDS.includes(speed) && <option value={String(speed)}>{speed} steps/s</option>}
            <option value="10">10 steps/s</option>
            <option value="2">2 steps/s</option>
            <option value="0.5">1 step every 2 s</option>
          </select>
        )}
      </Field>
      <Field label="Backend">
        {(id) => (
          <select id={id} value={settings.backend ?? ''} onChange={(e) => update({ backend: (e.target.value || undefined) as BackendName | undefined })}>
            {BACKENDS.map((b) => (
              <option key={b} value={b}>
                {b === '' ? 'best available' : b}
              </option>
            ))}
          </select>
        )}
      </Field>
    </section>
  );
}

/**
 * How many iterations make an epoch, which epoch-unit weight schedules and the status line
 * count in. 0 leaves it to the data: one pass over a dataset (MNIST's digits, your A|B images),
 * else 1,000. The running run's own length is shown beside it.
 */
function StepsPerEpoch() {
  const playground = usePlayground();
  const settings = useSettings((s) => s.settings);
  const running = useRun((s) => s.progress?.stepsPerEpoch);
  const store = playground.stores.settings.getState;
  return (
    <div>
      <NumberField
        label="Steps per epoch (0: the data's)"
        value={settings.stepsPerEpoch ?? 0}
        min={0}
        check={(v) => (v === 0 ? null : problemWith(settings, { stepsPerEpoch: v }, ['stepsPerEpoch']))}
        onChange={(v) => {
          if (v !== 0) return void store().update({ stepsPerEpoch: v });
          const { stepsPerEpoch: _dropped, ...rest } = store().settings;
          store().replace(rest);
        }}
      />
      {running !== undefined && <span className="muted">this run: {running.toLocaleString('en-US')}</span>}
    </div>
  );
}

/** Whether Space means something in this element: typing, ticking a box, opening a list. */
function takesSpace(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
  // A slider ignores Space; every other input (text, number, checkbox, radio, file) uses it.
  return target.tagName === 'INPUT' && (target as HTMLInputElement).type !== 'range';
}
