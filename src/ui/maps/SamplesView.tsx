import { useCallback, useRef } from 'react';
import { useStore } from 'zustand';
import type { SamplesMessage } from '../../protocol/messages';
import type { MapsState, MapsStore } from '../../state/mapsStore';
import { putHeatImage } from './canvas';
import type { ColormapName } from './colormaps';
import { errorMessage, setText } from './domText';
import styles from './maps.module.css';
import { PointSamples } from './PointSamples';
import { useFrameSubscription } from './useFrameSubscription';

const SEPARATOR = '\u0000';

/** What to render, as one string: React re-renders only when the kind or the row labels change. */
function layoutKey(state: MapsState): string {
  const s = state.samples;
  if (!s) return '';
  return s.kind === 'points' ? 'points' : ['images', ...s.rows].join(SEPARATOR);
}

const selectSamples = (state: MapsState) => state.samples;

export interface SamplesViewProps {
  readonly store: MapsStore;
  /** The discriminator's colour map in the toy picture, 0 (fake) to 1 (real). @default 'PRGn' */
  readonly colormap?: ColormapName;
}

/**
 * The latest samples: image rows (pix2pix: the input, the generated output and the target),
 * or the toy GAN's plane (PointSamples.tsx: GAN Lab's picture, with the losses' arrows and G's manifold).
 */
export function SamplesView({ store, colormap = 'PRGn' }: SamplesViewProps) {
  const key = useStore(store, layoutKey);
  const [kind, ...rows] = key.split(SEPARATOR);
  return (
    <section className={styles.panel} aria-label="Samples">
      <h2 className={styles.heading}>Samples</h2>
      {kind === 'images' ? (
        <ImageSamples store={store} rows={rows} />
      ) : kind === 'points' ? (
        <PointSamples store={store} colormap={colormap} />
      ) : (
        <p className={styles.empty}>No samples yet: they appear here once training reports them.</p>
      )}
    </section>
  );
}

function ImageSamples({ store, rows }: { readonly store: MapsStore; readonly rows: readonly string[] }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const stepRef = useRef<HTMLSpanElement>(null);
  const errorRef = useRef<HTMLSpanElement>(null);
  const draw = useCallback((samples: SamplesMessage | null) => {
    const canvas = canvasRef.current;
    if (!canvas || samples?.kind !== 'images') return;
    const s = samples;
    let label = `Samples at step ${samples.step}, rows top to bottom: ${s.rows.join(', ')}`;
    try {
      putHeatImage(canvas, s);
      setText(errorRef, '');
    } catch (error) {
      label += `: ${errorMessage(error)}`;
      setText(errorRef, errorMessage(error));
    }
    canvas.setAttribute('aria-label', label);
    setText(stepRef, `step ${samples.step}`);
  }, []);
  useFrameSubscription(store, selectSamples, draw);
  return (
    <figure className={styles.card}>
      <figcaption className={styles.title}>
        <span>{rows.join(' · ')}</span>
        <span className={styles.step} ref={stepRef} />
      </figcaption>
      <div className={styles.samplesGrid}>
        {/* One label per band of tile rows: pix2pix's three rows, or one label for a whole grid. */}
        <ol className={styles.rowLabels} aria-hidden="true">
          {rows.map((row, i) => (
            <li key={i}>{row}</li>
          ))}
        </ol>
        <canvas ref={canvasRef} className={styles.heat} role="img" aria-label="Samples: no data yet" />
      </div>
      <span className={styles.warning} ref={errorRef} />
    </figure>
  );
}
