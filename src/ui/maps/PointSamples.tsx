import { useCallback, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { SamplePoints, SamplesMessage } from '../../protocol/messages';
import type { SamplesSource, SamplesState } from './samplesSource';
import { putHeatImage } from './canvas';
import { ColorBar } from './ColorBar';
import { getColormap, type ColormapName } from './colormaps';
import { errorMessage, setText } from './domText';
import { formatValue } from './format';
import { mapToImage, pointsToPixels } from './heat';
import styles from './maps.module.css';
import { drawArrows, drawManifold, LONGEST_ARROW_SHARE, longestArrow, selectedPull, TOTAL_PULL } from './planeDrawing';
import { useFrameSubscription } from './useFrameSubscription';

/** The plane's CSS size in pixels; the backing store scales with the screen's pixel ratio. */
const PLANE_PX = 480;
/** The discriminator's colours are lightened towards white so the points stand out. */
const BACKGROUND_ALPHA = 0.6;
const REAL = { fill: '#1b7837', label: 'real data' } as const;
const FAKE = { fill: '#762a83', label: 'generated (fake)' } as const;
const SEPARATOR = '\u0000';
/** The name of each draw's performance.measure entry. */
export const PLANE_DRAW_MEASURE = 'toy plane draw';

const selectSamples = (state: SamplesState) => state.samples;

/** The selector's entries as one string (name, then 1 where it has arrows): React renders when the G losses change, not per preview. */
function pullsKey(state: SamplesState): string {
  const s = state.samples;
  return s?.kind === 'points' ? (s.pulls ?? []).map((p) => `${p.name}${SEPARATOR}${p.arrows ? 1 : 0}`).join(SEPARATOR) : '';
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

interface PlaneOptions {
  readonly colormap: ColormapName;
  readonly arrows: boolean;
  readonly manifold: boolean;
  readonly pull: string;
}

interface PlaneTexts {
  /** The arrows' scale, or why there are none. */
  readonly scale: string;
  readonly criticLow: string;
  readonly criticHigh: string;
  readonly criticTitle: string;
  readonly label: string;
}

/** Draws one preview: critic, manifold, points, arrows; returns the texts that go beside it. */
function drawPlane(canvas: HTMLCanvasElement, context: CanvasRenderingContext2D, s: SamplePoints, o: PlaneOptions, background: HTMLCanvasElement): PlaneTexts & { readonly warning: string } {
  const size = Math.round(PLANE_PX * Math.min(2, globalThis.devicePixelRatio || 1));
  if (canvas.width !== size) canvas.width = size;
  if (canvas.height !== size) canvas.height = size;
  context.globalAlpha = 1;
  context.fillStyle = '#fff';
  context.fillRect(0, 0, size, size);
  const critic = s.critic ?? { kind: 'probability' };
  const range = critic.kind === 'raw' ? { min: critic.centre - critic.halfRange, max: critic.centre + critic.halfRange } : { min: 0, max: 1 };
  const heat = mapToImage({ shape: [s.resolution, s.resolution], data: s.discriminator }, 'mean', o.colormap, range);
  putHeatImage(background, heat);
  context.imageSmoothingEnabled = true;
  context.globalAlpha = BACKGROUND_ALPHA;
  context.drawImage(background, 0, 0, size, size);
  context.globalAlpha = 1;
  const parts: string[] = [];
  if (o.manifold && s.manifold) {
    drawManifold(context, s.manifold, s.extent, size);
    parts.push(`manifold: G on a ${s.manifold.rows > 1 ? `${s.manifold.rows} x ${s.manifold.cols} grid` : `line of ${s.manifold.cols} points`} over ${s.manifold.covers}`);
  }
  const radius = size / 160;
  drawMarks(context, pointsToPixels(s.real, s.extent, size), 'circle', REAL.fill, radius);
  drawMarks(context, pointsToPixels(s.fake, s.extent, size), 'square', FAKE.fill, radius);
  let scale = '';
  const warnings: string[] = [];
  if (o.arrows) {
    const pull = selectedPull(s, o.pull);
    if (pull.arrows) {
      const { longest, nonFinite } = longestArrow(pull.arrows);
      const longestPx = LONGEST_ARROW_SHARE * size;
      if (longest > 0) drawArrows(context, s.fake, pull.arrows, s.extent, size, longestPx / longest);
      const cssPx = Math.round(LONGEST_ARROW_SHARE * PLANE_PX);
      scale = longest > 0 ? `Arrows, ${pull.label}: longest ${formatValue(longest)} drawn ${cssPx} px (${formatValue(cssPx / longest)} px per unit)` : `Arrows, ${pull.label}: all zero`;
      if (nonFinite > 0) warnings.push(`${nonFinite} NaN/Inf arrows left out`);
      parts.push(`arrows: ${pull.label}, longest ${formatValue(longest)}`);
    } else {
      scale = `No arrows for ${pull.label}: ${pull.reason ?? 'none reported'}`;
    }
  }
  if (heat.nonFinite > 0) warnings.push(`${heat.nonFinite} NaN/Inf discriminator cells (${getColormap(o.colormap).nonFiniteName})`);
  const raw = critic.kind === 'raw';
  return {
    scale,
    criticTitle: raw ? `critic D(x), raw (${critic.ganType}):` : 'discriminator sigmoid(D(x)):',
    criticLow: raw ? `${formatValue(range.min)} (fake)` : '0 (fake)',
    criticHigh: raw ? `${formatValue(range.max)} (real)` : '1 (real)',
    label: [`${s.real.length / 2} real, ${s.fake.length / 2} generated`, raw ? `critic raw from ${formatValue(range.min)} to ${formatValue(range.max)}` : 'critic as a probability', ...parts].join('; '),
    warning: warnings.join('; '),
  };
}

/** The toy GAN's plane (GAN Lab's picture): critic, manifold, points and each G loss's pull on them. */
export function PointSamples({ store, colormap }: { readonly store: SamplesSource; readonly colormap: ColormapName }) {
  const [arrows, setArrows] = useState(true);
  const [manifold, setManifold] = useState(true);
  const [pull, setPull] = useState<string>(TOTAL_PULL);
  const key = useStore(store, pullsKey);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const stepRef = useRef<HTMLSpanElement>(null);
  const errorRef = useRef<HTMLSpanElement>(null);
  const scaleRef = useRef<HTMLSpanElement>(null);
  const criticTitleRef = useRef<HTMLSpanElement>(null);
  const criticLowRef = useRef<HTMLSpanElement>(null);
  const criticHighRef = useRef<HTMLSpanElement>(null);
  const backgroundRef = useRef<HTMLCanvasElement | null>(null);
  const draw = useCallback(
    (samples: SamplesMessage | null) => {
      const canvas = canvasRef.current;
      const context = canvas?.getContext('2d');
      if (!canvas || !context || samples?.kind !== 'points') return;
      const started = performance.now();
      let label = `Real and generated points over the discriminator's output at step ${samples.step}`;
      try {
        const texts = drawPlane(canvas, context, samples, { colormap, arrows, manifold, pull }, (backgroundRef.current ??= document.createElement('canvas')));
        label += `: ${texts.label}`;
        setText(errorRef, texts.warning);
        setText(scaleRef, texts.scale);
        setText(criticTitleRef, texts.criticTitle);
        setText(criticLowRef, texts.criticLow);
        setText(criticHighRef, texts.criticHigh);
      } catch (error) {
        label += `: ${errorMessage(error)}`;
        setText(errorRef, errorMessage(error));
      }
      canvas.setAttribute('aria-label', label);
      setText(stepRef, `step ${samples.step}`);
      // A user-timing entry per draw, so its cost shows in a profile (and the browser test reads it).
      performance.measure(PLANE_DRAW_MEASURE, { start: started });
    },
    // A changed option makes a new draw, which resubscribes and redraws.
    [colormap, arrows, manifold, pull],
  );
  // Drawn only while in view: it sits under the charts and is redrawn twice a second while training.
  useFrameSubscription(store, selectSamples, draw, canvasRef);
  const fields = key === '' ? [] : key.split(SEPARATOR);
  const losses = Array.from({ length: fields.length / 2 }, (_, i) => ({ name: fields[2 * i] as string, hasArrows: fields[2 * i + 1] === '1' }));
  const shown = pull === TOTAL_PULL || losses.some((l) => l.name === pull) ? pull : TOTAL_PULL;
  return (
    <figure className={styles.card}>
      <figcaption className={styles.title}>
        <span>Real and generated points, discriminator output behind</span>
        <span className={styles.step} ref={stepRef} />
      </figcaption>
      <div className={styles.controls}>
        <label>
          <input type="checkbox" checked={arrows} onChange={(e) => setArrows(e.target.checked)} /> arrows
        </label>
        <label>
          pull of{' '}
          <select aria-label="Arrows show the pull of" value={shown} onChange={(e) => setPull(e.target.value)} disabled={!arrows}>
            <option value={TOTAL_PULL}>total (G's objective)</option>
            {losses.map((l) => (
              <option key={l.name} value={l.name}>
                {l.hasArrows ? l.name : `${l.name} (no per-point gradient)`}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" checked={manifold} onChange={(e) => setManifold(e.target.checked)} /> manifold
        </label>
      </div>
      <canvas ref={canvasRef} className={styles.plane} role="img" aria-label="Toy GAN picture: no data yet" />
      <span data-testid="arrow-scale" ref={scaleRef} />
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
        <li aria-label="Critic colour scale" data-testid="critic-scale">
          <span ref={criticTitleRef}>discriminator sigmoid(D(x)):</span> <span ref={criticLowRef}>0 (fake)</span>
          <ColorBar colormap={colormap} className={styles.legendScale} /> <span ref={criticHighRef}>1 (real)</span>
        </li>
      </ul>
    </figure>
  );
}
