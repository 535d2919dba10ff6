import { useId } from 'react';
import { networkOf } from '../manager/networks';
import { usePlayground, useSettings } from './usePlayground';

/** Weights span 1e-3 .. 1e3, so the slider moves in log10 steps; 0 sits at the far left. */
const LOG_MIN = -3;
const LOG_MAX = 3;

export function toSlider(weight: number): number {
  return weight <= 0 ? LOG_MIN - 0.5 : Math.min(LOG_MAX, Math.max(LOG_MIN, Math.log10(weight)));
}

export function fromSlider(position: number): number {
  // The notch left of 1e-3 means "off": weight 0.
  if (position < LOG_MIN) return 0;
  const w = 10 ** position;
  return Number(w.toPrecision(3));
}

/** One slider per loss, sent to the running worker at once; an exact box beside each. */
export function WeightsPanel() {
  const playground = usePlayground();
  const losses = useSettings((s) => s.settings.spec.losses);
  return (
    <section aria-label="Loss weights" className="panel">
      <h2>Weights</h2>
      {losses.map((loss) => (
        <WeightRow
          key={loss.name}
          name={loss.name}
          network={networkOf(loss)}
          weight={loss.loss_weight ?? 1}
          scheduled={loss.schedule != null}
          onChange={(w) => playground.setWeight(loss.name, w)}
        />
      ))}
    </section>
  );
}

function WeightRow(props: { name: string; network: string; weight: number; scheduled: boolean; onChange: (w: number) => void }) {
  const id = useId();
  return (
    <div className="weight-row">
      <label htmlFor={`${id}-slider`}>
        {props.name} <span className="muted">({props.network})</span>
        {props.scheduled && <span className="muted"> · scheduled</span>}
      </label>
      <input
        id={`${id}-slider`}
        type="range"
        aria-label={`Weight of ${props.name} (log scale)`}
        min={LOG_MIN - 0.5}
        max={LOG_MAX}
        step={0.01}
        value={toSlider(props.weight)}
        onChange={(e) => props.onChange(fromSlider(Number(e.target.value)))}
      />
      <input
        type="number"
        aria-label={`Weight of ${props.name}`}
        min={0}
        step="any"
        value={props.weight}
        onChange={(e) => {
          const w = Number(e.target.value);
          if (e.target.value !== '' && Number.isFinite(w) && w >= 0) props.onChange(w);
        }}
      />
    </div>
  );
}
