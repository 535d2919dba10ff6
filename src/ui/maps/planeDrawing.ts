// The toy plane's overlays as canvas paths: the generator's manifold under the points and the
// losses' arrows over them. One path per overlay (hundreds of segments, one stroke), so a
// redraw stays a few milliseconds on the main thread.
import type { NoiseManifold, PointPull, SamplePoints } from '../../protocol/messages';
import type { Schedule } from '../../manager/schedule';
import { formatValue } from './format';
import { pointsToPixels } from './heat';

/** What the arrow selector shows: '' is the total. */
export const TOTAL_PULL = '';

/** How long the longest arrow is drawn, as a share of the plane's side. */
export const LONGEST_ARROW_SHARE = 0.08;

/** The arrows the selector picks: the total's, or one loss's (null where it has none, with why). */
export function selectedPull(s: SamplePoints, selected: string): { readonly arrows: Float32Array | null; readonly label: string; readonly reason: string | null } {
  if (selected !== TOTAL_PULL) {
    const pull = (s.pulls ?? []).find((p) => p.name === selected);
    if (pull) return { arrows: pull.arrows, label: describePull(pull), reason: pull.reason };
  }
  const count = (s.pulls ?? []).filter((p) => p.arrows !== null).length;
  return { arrows: s.totalPull ?? null, label: `total of ${count} G loss${count === 1 ? '' : 'es'}`, reason: s.totalPull ? null : 'no G loss reads the generated points' };
}

/** The longest finite arrow and how many were not finite. */
export function longestArrow(arrows: Float32Array): { readonly longest: number; readonly nonFinite: number } {
  let longest = 0;
  let nonFinite = 0;
  for (let i = 0; i + 1 < arrows.length; i += 2) {
    const length = Math.hypot(arrows[i] as number, arrows[i + 1] as number);
    if (Number.isFinite(length)) longest = Math.max(longest, length);
    else nonFinite++;
  }
  return { longest, nonFinite };
}

/** A weight schedule in a few words, e.g. "linear 0 → 10 over steps 0–1000". */
export function describeSchedule(schedule: Schedule | null): string {
  if (schedule === null) return 'constant';
  const unit = `${schedule.unit}s`;
  switch (schedule.schedule) {
    case 'constant':
      return 'constant';
    case 'linear':
    case 'exponential':
    case 'cosine':
      return `${schedule.schedule} ${schedule.initialValue} → ${schedule.targetValue} over ${unit} ${schedule.startEpoch}–${schedule.endEpoch}`;
    case 'step':
      return `step schedule from ${schedule.initialValue}, ${schedule.steps.length} change${schedule.steps.length === 1 ? '' : 's'}`;
    case 'warmup':
      return `warmup ${schedule.initialValue} → ${schedule.targetValue} over ${schedule.warmupEpochs} ${unit}`;
    case 'keyframes':
      return `${schedule.keyframes.length} keyframes in ${unit}`;
  }
}

/** One loss's selector detail: its weighted term, weight now and schedule. */
export function describePull(pull: PointPull): string {
  const every = pull.interval > 1 ? `, runs every ${pull.interval} steps` : '';
  return `${pull.name}: ${formatValue(pull.weight)} × loss (weight now, ${describeSchedule(pull.schedule)}${every})`;
}

/** The deformed grid G(z) makes of the noise grid: each row and each column as a polyline. */
export function drawManifold(context: CanvasRenderingContext2D, manifold: NoiseManifold, extent: number, size: number): void {
  const px = pointsToPixels(manifold.points, extent, size);
  const { rows, cols } = manifold;
  const at = (r: number, c: number) => 2 * (r * cols + c);
  context.beginPath();
  const line = (count: number, index: (k: number) => number) => {
    let pen = false;
    for (let k = 0; k < count; k++) {
      const i = index(k);
      const x = px[i] as number;
      const y = px[i + 1] as number;
      // A NaN point breaks the line instead of drawing a spike to the corner.
      if (!Number.isFinite(x) || !Number.isFinite(y)) pen = false;
      else if (pen) context.lineTo(x, y);
      else {
        context.moveTo(x, y);
        pen = true;
      }
    }
  };
  for (let r = 0; r < rows; r++) line(cols, (c) => at(r, c));
  if (rows > 1) for (let c = 0; c < cols; c++) line(rows, (r) => at(r, c));
  context.strokeStyle = 'rgba(90, 90, 90, 0.45)';
  context.lineWidth = Math.max(1, size / 480);
  context.stroke();
}

/**
 * Each generated point's arrow, `pixelsPerUnit` canvas pixels per unit of gradient, with a
 * small head; zero and non-finite arrows are left out.
 */
export function drawArrows(context: CanvasRenderingContext2D, fake: Float32Array, arrows: Float32Array, extent: number, size: number, pixelsPerUnit: number): void {
  const from = pointsToPixels(fake, extent, size);
  const head = size / 120;
  context.beginPath();
  for (let i = 0; i + 1 < arrows.length && i + 1 < from.length; i += 2) {
    const dx = (arrows[i] as number) * pixelsPerUnit;
    const dy = -(arrows[i + 1] as number) * pixelsPerUnit; // canvas y grows down
    const length = Math.hypot(dx, dy);
    const x = from[i] as number;
    const y = from[i + 1] as number;
    if (!(length > 0.5) || !Number.isFinite(length + x + y)) continue;
    const [ux, uy] = [dx / length, dy / length];
    const h = Math.min(head, length / 2);
    context.moveTo(x, y);
    context.lineTo(x + dx, y + dy);
    context.lineTo(x + dx - h * (ux + 0.5 * uy), y + dy - h * (uy - 0.5 * ux));
    context.moveTo(x + dx, y + dy);
    context.lineTo(x + dx - h * (ux - 0.5 * uy), y + dy - h * (uy + 0.5 * ux));
  }
  context.strokeStyle = '#111';
  context.lineWidth = Math.max(1, size / 400);
  context.stroke();
}
