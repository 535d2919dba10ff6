import { useCallback, useRef } from 'react';
import { useStore } from 'zustand';
import type { SamplesMessage } from '../../protocol/messages';
import type { MapsState, MapsStore } from '../../state/mapsStore';
import { putHeatImage } from './canvas';
import { ColorBar } from './ColorBar';
import { getColormap, type ColormapName } from './colormaps';
import { errorMessage, setText } from './domText';
import { mapToImage, pointsToPixels } from './heat';
import styles from './maps.module.css';
import { useFrameSubscription } from './useFrameSubscription';

const SEPARATOR = '\u0000';

/** The plane's CSS size in pixels; the backing store scales with the screen's pixel ratio. */
const PLANE_PX = 480;
/** The discriminator's colours are lightened towards white so the points stand out. */
const BACKGROUND_ALPHA = 0.6;
const REAL = { fill: '#1b7837', label: 'real data' } as const;
const FAKE = { fill: '#762a83', label: 'generated (fake)' } as const;

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
 * or the toy GAN's real and generated points over the discriminator's output (GAN Lab's picture).
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

function drawMarks(context: CanvasRenderingContext2D, pixels: Float32Array, shape: 'circle' | 'square', fill: string, radius: number): void {
  context.fillStyle = fill;
  context.strokeStyle = '#fff';
  context.lineWidth = radius / 2.5;
  context.beginPath();
  for (let i = 0; i < pixels.length; i += 2) {
    const x = pixels[i] as number;
    const y = pixels[i + 1] as number;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (shape === 'circle') {
      context.moveTo(x + radius, y);
      context.arc(x, y, radius, 0, 2 * Math.PI);
    } else {
      context.rect(x - radius, y - radius, 2 * radius, 2 * radius);
    }
  }
  context.stroke();
  context.fill();
}

function PointSamples({ store, colormap }: { readonly store: MapsStore; readonly colormap: ColormapName }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const stepRef = useRef<HTMLSpanElement>(null);
  const errorRef = useRef<HTMLSpanElement>(null);
  const backgroundRef = useRef<HTMLCanvasElement | null>(null);
  const draw = useCallback(
    (samples: SamplesMessage | null) => {
      const canvas = canvasRef.current;
      const context = canvas?.getContext('2d');
      if (!canvas || !context || samples?.kind !== 'points') return;
      const s = samples;
      const size = Math.round(PLANE_PX * Math.min(2, globalThis.devicePixelRatio || 1));
      if (canvas.width !== size) canvas.width = size;
      if (canvas.height !== size) canvas.height = size;
      context.globalAlpha = 1;
      context.fillStyle = '#fff';
      context.fillRect(0, 0, size, size);
      let label = `Real and generated points over the discriminator's output at step ${s.step}`;
      try {
        const critic = mapToImage({ shape: [s.resolution, s.resolution], data: s.discriminator }, 'mean', colormap, { min: 0, max: 1 });
        const background = (backgroundRef.current ??= document.createElement('canvas'));
        putHeatImage(background, critic);
        context.imageSmoothingEnabled = true;
        context.globalAlpha = BACKGROUND_ALPHA;
        context.drawImage(background, 0, 0, size, size);
        context.globalAlpha = 1;
        const radius = size / 160;
        drawMarks(context, pointsToPixels(s.real, s.extent, size), 'circle', REAL.fill, radius);
        drawMarks(context, pointsToPixels(s.fake, s.extent, size), 'square', FAKE.fill, radius);
        const nonFinite = critic.nonFinite > 0 ? `${critic.nonFinite} NaN/Inf discriminator cells (${getColormap(colormap).nonFiniteName})` : '';
        setText(errorRef, nonFinite);
        label += `: ${s.real.length / 2} real, ${s.fake.length / 2} generated`;
      } catch (error) {
        label += `: ${errorMessage(error)}`;
        setText(errorRef, errorMessage(error));
      }
      canvas.setAttribute('aria-label', label);
      setText(stepRef, `step ${s.step}`);
    },
    [colormap],
  );
  useFrameSubscription(store, selectSamples, draw);
  return (
    <figure className={styles.card}>
      <figcaption className={styles.title}>
        <span>Real and generated points, discriminator output behind</span>
        <span className={styles.step} ref={stepRef} />
      </figcaption>
      <canvas ref={canvasRef} className={styles.plane} role="img" aria-label="Toy GAN picture: no data yet" />
      <span className={styles.warning} ref={errorRef} />
      <ul className={styles.legend} aria-label="Legend">
        <li>
          <svg width="12" height="12" aria-hidden="true">
            <circle cx="6" cy="6" r="4.5" fill={REAL.fill} stroke="#fff" />
          </svg>
          {REAL.label}
        </li>
        <li>
          <svg width="12" height="12" aria-hidden="true">
            <rect x="1.5" y="1.5" width="9" height="9" fill={FAKE.fill} stroke="#fff" />
          </svg>
          {FAKE.label}
        </li>
        <li>
          discriminator D(x): 0 (fake) <ColorBar colormap={colormap} className={styles.legendScale} /> 1 (real)
        </li>
      </ul>
    </figure>
  );
}
