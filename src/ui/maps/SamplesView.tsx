import { useCallback, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { SamplesMessage } from '../../protocol/messages';
import type { FramesStore } from '../../state/framesStore';
import type { MapsStore } from '../../state/mapsStore';
import { putHeatImage } from './canvas';
import type { ColormapName } from './colormaps';
import { errorMessage, setText } from './domText';
import styles from './maps.module.css';
import { FrameScrubber } from './FrameScrubber';
import { PointSamples } from './PointSamples';
import type { SamplesSource, SamplesState } from './samplesSource';
import { useFrameSubscription } from './useFrameSubscription';

const SEPARATOR = '\u0000';

/** What to render, as one string: React re-renders only when the kind or the row labels change. */
function layoutKey(state: SamplesState): string {
  const s = state.samples;
  if (!s) return '';
  return s.kind === 'points' ? 'points' : ['images', ...s.rows].join(SEPARATOR);
}

const selectSamples = (state: SamplesState) => state.samples;

export interface SamplesViewProps {
  readonly store: MapsStore;
  /** The run's kept frames: with them, a step slider over the samples (FrameScrubber). */
  readonly frames?: FramesStore;
  /** The discriminator's colour map in the toy picture, 0 (fake) to 1 (real). @default 'PRGn' */
  readonly colormap?: ColormapName;
}

/**
 * The latest samples: image rows (pix2pix: the input, the generated output and the target),
 * or the toy GAN's plane (PointSamples.tsx: GAN Lab's picture, with the losses' arrows and G's manifold).
 */
export function SamplesView({ store, frames, colormap = 'PRGn' }: SamplesViewProps) {
  // What is drawn: the latest preview, or the frame the slider or the charts' cursor picked.
  const [shown] = useState<SamplesSource>(() => createStore<SamplesState>(() => ({ samples: frames ? null : store.getState().samples })));
  const source = frames ? shown : store;
  const key = useStore(source, layoutKey);
  const [kind, ...rows] = key.split(SEPARATOR);
  const body = useRef<HTMLDivElement>(null);
  const canvas = useCallback(() => body.current?.querySelector<HTMLCanvasElement>('canvas[role=img]') ?? null, []);
  return (
    <section className={styles.panel} aria-label="Samples">
      <h2 className={styles.heading}>Samples</h2>
      <div ref={body}>
        {kind === 'images' ? (
          <ImageSamples store={source} rows={rows} />
        ) : kind === 'points' ? (
          <PointSamples store={source} colormap={colormap} />
        ) : (
          <p className={styles.empty}>No samples yet: they appear here once training reports them.</p>
        )}
      </div>
      {frames && <FrameScrubber latest={store} frames={frames} shown={shown} canvas={canvas} />}
    </section>
  );
}

function ImageSamples({ store, rows }: { readonly store: SamplesSource; readonly rows: readonly string[] }) {
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
