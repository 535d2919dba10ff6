/**
 * Random filled shapes rasterised without anti-aliasing onto a label map (which shape owns each
 * pixel): the pix2pix tasks colour pixels from it and derive exact 1-px edges from it.
 */
import type { Random } from './random';

export type Shape =
  | { type: 'circle'; cx: number; cy: number; r: number }
  | { type: 'rect'; x0: number; y0: number; x1: number; y1: number }
  | { type: 'triangle'; xs: [number, number, number]; ys: [number, number, number] };

export type Rgb = [number, number, number];

/** A shape of random type roughly size/8 to size/3 across its half-width, inside the image. */
export function randomShape(rng: Random, size: number): Shape {
  const r = rng.range(size / 8, size / 3);
  const cx = rng.range(r, size - r);
  const cy = rng.range(r, size - r);
  switch (rng.int(3)) {
    case 0:
      return { type: 'circle', cx, cy, r };
    case 1: {
      const w = rng.range(0.5, 1) * r;
      const h = rng.range(0.5, 1) * r;
      return { type: 'rect', x0: cx - w, y0: cy - h, x1: cx + w, y1: cy + h };
    }
    default: {
      // Vertices near thirds of a turn: never a sliver that rasterises to a broken line.
      const turn = rng.range(0, 2 * Math.PI);
      const angles = [0, 1, 2].map((k) => turn + (2 * Math.PI * k) / 3 + rng.range(-0.3, 0.3));
      const xs = angles.map((a) => cx + r * Math.cos(a)) as [number, number, number];
      const ys = angles.map((a) => cy + r * Math.sin(a)) as [number, number, number];
      return { type: 'triangle', xs, ys };
    }
  }
}

function contains(shape: Shape, x: number, y: number): boolean {
  switch (shape.type) {
    case 'circle':
      return (x - shape.cx) ** 2 + (y - shape.cy) ** 2 <= shape.r ** 2;
    case 'rect':
      return x >= shape.x0 && x <= shape.x1 && y >= shape.y0 && y <= shape.y1;
    case 'triangle': {
      const [ax, bx, cx] = shape.xs;
      const [ay, by, cy] = shape.ys;
      // Inside when the point is on the same side of all three edges, whatever the winding.
      const d1 = (x - bx) * (ay - by) - (ax - bx) * (y - by);
      const d2 = (x - cx) * (by - cy) - (bx - cx) * (y - cy);
      const d3 = (x - ax) * (cy - ay) - (cx - ax) * (y - ay);
      return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
    }
  }
}

/**
 * For each pixel (sampled at its centre), 1 + the index of the topmost shape covering it, or 0
 * for background. Later shapes are drawn over earlier ones.
 */
export function labelMap(shapes: readonly Shape[], size: number): Uint8Array {
  const labels = new Uint8Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      for (let k = shapes.length - 1; k >= 0; k--) {
        if (contains(shapes[k] as Shape, x + 0.5, y + 0.5)) {
          labels[y * size + x] = k + 1;
          break;
        }
      }
    }
  }
  return labels;
}

/**
 * 1 where a pixel borders (4-neighbourhood) a pixel of a lower label: the inner outline of each
 * visible shape, exactly one pixel wide, with hidden parts of covered shapes left out.
 */
export function edgeMap(labels: Uint8Array, size: number): Uint8Array {
  const edges = new Uint8Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = y * size + x;
      const own = labels[i] as number;
      const lower = (j: number) => (labels[j] as number) < own;
      if ((x > 0 && lower(i - 1)) || (x < size - 1 && lower(i + 1)) || (y > 0 && lower(i - size)) || (y < size - 1 && lower(i + size))) {
        edges[i] = 1;
      }
    }
  }
  return edges;
}

/** HSV (all in [0, 1]) to RGB in [0, 1]: random hue with chosen saturation and value. */
export function hsv(h: number, s: number, v: number): Rgb {
  const f = (n: number) => {
    const k = (n + h * 6) % 6;
    return v - v * s * Math.max(0, Math.min(k, 4 - k, 1));
  };
  return [f(5), f(3), f(1)];
}
