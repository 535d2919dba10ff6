import { useEffect, useId, useRef, useState } from 'react';
import { networkOf } from '../manager/networks';
import { parseSeriesName } from '../manager/seriesNames';
import { MAX_LOSS_WEIGHT } from '../manager/specValidation';
import { NumberInput } from './NumberInput';
import { throttle } from './throttle';
import { useLatestEntries, useLatestValues, type LatestEntry } from './useLatestValues';
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

/**
 * One slider per loss, sent to the running worker as it moves (a few times a second); an exact
 * box beside each, sent on Enter or when it loses focus.
 */
export function WeightsPanel() {
  const playground = usePlayground();
  const losses = useSettings((s) => s.settings.spec.losses);
  const shares = useLatestValues(playground.stores.history, shareOf);
  const latest = useLatestEntries(playground.stores.history, lossOf);
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
          share={shares.get(loss.name)}
          latest={latest.get(loss.name)}
          onChange={(w) => playground.setWeight(loss.name, w)}
        />
      ))}
    </section>
  );
}

/** A dragged slider reaches the run at most this often (and once more when it is let go). */
export const SLIDER_SEND_MS = 150;

/** A loss's own series (not a derived one), by its name. */
function lossOf(name: string): string | null {
  return parseSeriesName(name).kind === 'loss' ? name : null;
}

/** 0.6931, 1.2e-5, 3.4e+38: four significant digits. */
const short = (v: number) => (Number.isFinite(v) ? (Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(1) : Number(v.toPrecision(4)).toString()) : String(v));

/** "step 120: raw 0.6931 x 2 = 1.386", the weight being the one applied (a schedule's or an adaptive weight's). */
function latestText(e: LatestEntry): string {
  return `step ${e.step}: raw ${short(e.raw)} × ${short(e.weight)} = ${short(e.value)}`;
}

/** gradShare/G/G_L1 -> G_L1: the share of its network's gradient each loss has. */
function shareOf(name: string): string | null {
  const s = parseSeriesName(name);
  return s.kind === 'gradShare' ? s.loss : null;
}

/** The label's full text: it is cut to one line with an ellipsis in a narrow sidebar. */
function labelTitle(p: { name: string; network: string; scheduled: boolean; share: number | undefined }): string {
  const share = p.share !== undefined && Number.isFinite(p.share) ? ` · ${(p.share * 100).toFixed(0)}% of ${p.network}'s pull` : '';
  return `${p.name} (${p.network})${p.scheduled ? ' · scheduled' : ''}${share}`;
}

function WeightRow(props: { name: string; network: string; weight: number; scheduled: boolean; share: number | undefined; latest: LatestEntry | undefined; onChange: (w: number) => void }) {
  const id = useId();
  // While the slider is dragged it shows the user's position, not the spec's weight.
  const [position, setPosition] = useState<number | null>(null);
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;
  // Each value sent is a weight change in the run's log and a marker on the charts: a drag
  // sends a few a second, not one per input event.
  const [send] = useState(() => throttle((w: number) => onChange.current(w), SLIDER_SEND_MS));
  useEffect(() => () => send.flush(), [send]);
  const endDrag = () => {
    send.flush();
    setPosition(null);
  };
  return (
    <div className="weight-row">
      <label htmlFor={`${id}-slider`} title={labelTitle(props)}>
        {props.name} <span className="muted">({props.network})</span>
        {props.scheduled && <span className="muted"> · scheduled</span>}
        {props.share !== undefined && Number.isFinite(props.share) && (
          <span className="muted" title={`Share of ${props.network}'s gradient norm at the last diagnosed step`} data-testid={`share-${props.name}`}>
            {' '}
            · {(props.share * 100).toFixed(0)}% of {props.network}'s pull
          </span>
        )}
      </label>
      {/* Always there (a placeholder before the first value) so the row keeps its height. */}
      <span className="muted latest" data-testid={props.latest ? `latest-${props.name}` : undefined} title={props.latest ? `${latestText(props.latest)}: the last recorded value, unweighted, times the weight applied, and the product the objective summed` : undefined}>
        {props.latest ? latestText(props.latest) : 'no value yet'}
      </span>
      <input
        id={`${id}-slider`}
        type="range"
        aria-label={`Weight of ${props.name} (log scale)`}
        min={LOG_MIN - 0.5}
        max={LOG_MAX}
        step={0.01}
        value={position ?? toSlider(props.weight)}
        onChange={(e) => {
          const p = Number(e.target.value);
          setPosition(p);
          send.call(fromSlider(p));
        }}
        onPointerUp={endDrag}
        onKeyUp={endDrag}
        onBlur={endDrag}
      />
      <NumberInput
        aria-label={`Weight of ${props.name}`}
        min={0}
        step="any"
        value={props.weight}
        onCommit={props.onChange}
        check={(w) => (w < 0 ? 'a weight is 0 or more' : w > MAX_LOSS_WEIGHT ? `more than float32 can hold (${MAX_LOSS_WEIGHT.toPrecision(3)})` : null)}
      />
    </div>
  );
}
