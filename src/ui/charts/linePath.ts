import type { Points } from './downsample';

/** How an axis maps data to pixels: the two ends of its domain and where they are drawn. */
export interface AxisMap {
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
  /** Logarithmic: positions are linear in log10 of the value (the domain must be > 0). */
  readonly log: boolean;
}

/**
 * A pixel position function for `map`. Linear (or linear in log10) between the domain's ends,
 * and extended past them, so values outside a clipped domain land outside the plot and the
 * clip path hides them, as recharts' allowDataOverflow does.
 */
export function projector(map: AxisMap): (value: number) => number {
  const t = map.log ? Math.log10 : (v: number) => v;
  const d0 = t(map.domain[0]);
  const d1 = t(map.domain[1]);
  const [r0, r1] = map.range;
  // A zero-width domain (one point, constant values): everything in the middle of the range.
  if (d1 === d0 || !Number.isFinite(d0) || !Number.isFinite(d1)) return () => (r0 + r1) / 2;
  const k = (r1 - r0) / (d1 - d0);
  return (v) => r0 + (t(v) - d0) * k;
}

/**
 * The SVG path of a polyline through `points`, one "M x y L x y ..." string. Coordinates are
 * rounded to 0.1 px (finer is invisible) and a point on the same 0.1 px as the one before is
 * left out: M4 gives up to 4 points per pixel column, often on top of each other.
 */
export function linePath(points: Points, x: AxisMap, y: AxisMap): string {
  const px = projector(x);
  const py = projector(y);
  const parts: string[] = [];
  let lastX = NaN;
  let lastY = NaN;
  for (let i = 0; i < points.length; i++) {
    const X = Math.round(px(points.x[i] as number) * 10) / 10;
    const Y = Math.round(py(points.y[i] as number) * 10) / 10;
    if (!Number.isFinite(X) || !Number.isFinite(Y)) continue;
    if (X === lastX && Y === lastY) continue;
    parts.push(`${parts.length === 0 ? 'M' : 'L'}${X} ${Y}`);
    lastX = X;
    lastY = Y;
  }
  // One point: a dot-sized segment, so a single logged value still shows (stroke-linecap round).
  if (parts.length === 1) parts.push(`L${lastX + 0.1} ${lastY}`);
  return parts.join('');
}

/**
 * The SVG path of a filled band: along `upper` left to right, back along `lower` right to
 * left, closed. Empty when either edge has no finite point.
 */
export function bandPath(upper: Points, lower: Points, x: AxisMap, y: AxisMap): string {
  const px = projector(x);
  const py = projector(y);
  const parts: string[] = [];
  const add = (points: Points, i: number) => {
    const X = Math.round(px(points.x[i] as number) * 10) / 10;
    const Y = Math.round(py(points.y[i] as number) * 10) / 10;
    if (Number.isFinite(X) && Number.isFinite(Y)) parts.push(`${parts.length === 0 ? 'M' : 'L'}${X} ${Y}`);
  };
  for (let i = 0; i < upper.length; i++) add(upper, i);
  const top = parts.length;
  for (let i = lower.length - 1; i >= 0; i--) add(lower, i);
  return top === 0 || parts.length === top ? '' : `${parts.join('')}Z`;
}
