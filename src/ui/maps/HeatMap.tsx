import { useCallback, useId, useRef, useState } from 'react';
import type { LossMapMessage } from '../../protocol/messages';
import type { MapsState, MapsStore } from '../../state/mapsStore';
import { putHeatImage } from './canvas';
import { ColorBar } from './ColorBar';
import { getColormap, type ColormapName } from './colormaps';
import { errorMessage, setText } from './domText';
import { formatValue } from './format';
import { mapLayout, mapToImage, type ChannelMode, type RangeMode } from './heat';
import styles from './maps.module.css';
import { useFrameSubscription } from './useFrameSubscription';

export type RangeChoice = 'auto' | 'fixed' | 'symmetric';

export interface HeatMapProps {
  readonly store: MapsStore;
  /** The loss whose map this draws. */
  readonly name: string;
  /** @default 'viridis' */
  readonly colormap?: ColormapName;
  /** The colour map of the symmetric range, where zero is mid-scale. @default 'RdBu_r' */
  readonly divergingColormap?: ColormapName;
  /** @default 'auto' */
  readonly initialRange?: RangeChoice;
}

interface FixedText {
  readonly min: string;
  readonly max: string;
}

function parseFixed(text: FixedText): { min: number; max: number } | null {
  if (text.min.trim() === '' || text.max.trim() === '') return null;
  const min = Number(text.min);
  const max = Number(text.max);
  return Number.isFinite(min) && Number.isFinite(max) && min < max ? { min, max } : null;
}

function parseChannel(value: string): ChannelMode {
  return value === 'mean' || value === 'max' ? value : Number(value);
}

/**
 * One loss's per-element map as a pixelated heat map with its colour scale. The canvas is
 * drawn from the store in an animation frame, never through React state, so maps arriving at
 * training speed do not re-render; React renders only when an option changes.
 */
export function HeatMap({ store, name, colormap = 'viridis', divergingColormap = 'RdBu_r', initialRange = 'auto' }: HeatMapProps) {
  const [rangeChoice, setRangeChoice] = useState<RangeChoice>(initialRange);
  const [fixedText, setFixedText] = useState<FixedText>({ min: '0', max: '1' });
  const [channelMode, setChannelMode] = useState<ChannelMode>('mean');
  const [channels, setChannels] = useState(1);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const stepRef = useRef<HTMLSpanElement>(null);
  const minRef = useRef<HTMLSpanElement>(null);
  const maxRef = useRef<HTMLSpanElement>(null);
  const warningRef = useRef<HTMLSpanElement>(null);
  const channelsRef = useRef(1);
  const lastRange = useRef<{ min: number; max: number } | null>(null);
  const id = useId();

  const fixed = parseFixed(fixedText);
  const fixedMin = fixed?.min;
  const fixedMax = fixed?.max;
  const active = rangeChoice === 'symmetric' ? divergingColormap : colormap;

  const select = useCallback((state: MapsState) => state.maps.get(name), [name]);
  const draw = useCallback(
    (map: LossMapMessage | undefined) => {
      const canvas = canvasRef.current;
      if (!canvas) return;
      if (!map) {
        canvas.setAttribute('aria-label', `Loss map of ${name}: no data yet`);
        return;
      }
      const range: RangeMode =
        rangeChoice === 'fixed' && fixedMin !== undefined && fixedMax !== undefined ? { min: fixedMin, max: fixedMax } : rangeChoice === 'symmetric' ? 'symmetric' : 'auto';
      let label = `Loss map of ${name} at step ${map.step}`;
      try {
        const count = mapLayout(map.shape).channels;
        if (count !== channelsRef.current) {
          channelsRef.current = count;
          setChannels(count); // rare: only when a map's channel count changes
        }
        const mode = typeof channelMode === 'number' && channelMode >= count ? 'mean' : channelMode;
        const image = mapToImage(map, mode, active, range);
        putHeatImage(canvas, image);
        canvas.style.height = image.height === 1 && image.width > 1 ? '1.5rem' : '';
        lastRange.current = Number.isFinite(image.min) ? { min: image.min, max: image.max } : null;
        setText(minRef, formatValue(image.min));
        setText(maxRef, formatValue(image.max));
        const cells = image.nonFinite === 1 ? 'cell' : 'cells';
        setText(warningRef, image.nonFinite > 0 ? `${image.nonFinite} NaN/Inf ${cells} (${getColormap(active).nonFiniteName})` : '');
      } catch (error) {
        label += `: ${errorMessage(error)}`;
        setText(warningRef, errorMessage(error));
      }
      canvas.setAttribute('aria-label', label);
      setText(stepRef, `step ${map.step}`);
    },
    [name, active, channelMode, rangeChoice, fixedMin, fixedMax],
  );
  useFrameSubscription(store, select, draw);

  const chooseRange = (choice: RangeChoice) => {
    // Fixing the range freezes what is on screen now, so later steps compare against it.
    if (choice === 'fixed' && lastRange.current && lastRange.current.min < lastRange.current.max) {
      const { min, max } = lastRange.current;
      setFixedText({ min: String(Number(min.toPrecision(4))), max: String(Number(max.toPrecision(4))) });
    }
    setRangeChoice(choice);
  };

  return (
    <figure className={styles.card}>
      <figcaption className={styles.title}>
        <span>{name}</span>
        <span className={styles.step} ref={stepRef} />
      </figcaption>
      <canvas ref={canvasRef} className={styles.heat} role="img" aria-label={`Loss map of ${name}: no data yet`} aria-describedby={`${id}-scale ${id}-warning`} />
      <ColorBar colormap={active} />
      <div className={styles.scaleLabels} id={`${id}-scale`}>
        <span>
          <span className={styles.srOnly}>from </span>
          <span ref={minRef}>–</span>
        </span>
        <span>
          <span className={styles.srOnly}>to </span>
          <span ref={maxRef}>–</span>
        </span>
      </div>
      <span className={styles.warning} id={`${id}-warning`} ref={warningRef} />
      <div className={styles.controls}>
        <label>
          Range<span className={styles.srOnly}> of {name}'s colours</span>{' '}
          <select value={rangeChoice} onChange={(e) => chooseRange(e.target.value as RangeChoice)}>
            <option value="auto">auto</option>
            <option value="fixed">fixed</option>
            <option value="symmetric">symmetric</option>
          </select>
        </label>
        {channels > 1 && (
          <label>
            Channels<span className={styles.srOnly}> of {name}</span>{' '}
            <select value={String(channelMode)} onChange={(e) => setChannelMode(parseChannel(e.target.value))}>
              <option value="mean">mean</option>
              <option value="max">max</option>
              {Array.from({ length: channels }, (_, c) => (
                <option key={c} value={String(c)}>
                  channel {c}
                </option>
              ))}
            </select>
          </label>
        )}
        {rangeChoice === 'fixed' && (
          <>
            <label>
              min<span className={styles.srOnly}> of {name}'s colours</span>{' '}
              <input type="number" step="any" value={fixedText.min} aria-invalid={fixed === null} onChange={(e) => setFixedText({ ...fixedText, min: e.target.value })} />
            </label>
            <label>
              max<span className={styles.srOnly}> of {name}'s colours</span>{' '}
              <input type="number" step="any" value={fixedText.max} aria-invalid={fixed === null} onChange={(e) => setFixedText({ ...fixedText, max: e.target.value })} />
            </label>
          </>
        )}
      </div>
    </figure>
  );
}
