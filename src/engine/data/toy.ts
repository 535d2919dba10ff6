/**
 * 2-D toy targets as in GAN Lab: seeded samplers over typed arrays, plus the grid of points on
 * which the discriminator is evaluated to draw its heat map.
 */
import { createRandom, type Random } from './random';
import { checkBatchSize, type BatchSource } from './source';
import { parseToyConfig, type Point, type ToyConfig } from './toyConfig';

export { DataConfigError, parseToyConfig, TOY_KINDS } from './toyConfig';
export type { ToyConfig, ToyKind } from './toyConfig';

export interface ToySource extends BatchSource {
  /** The validated config with its defaults filled in. */
  readonly config: ToyConfig;
}

/** One noise-free point of the target; the caller adds the jitter. */
type Draw = (rng: Random) => Point;

function drawFor(config: ToyConfig): Draw {
  switch (config.kind) {
    case 'ring': {
      const { modes, radius } = config;
      return (rng) => {
        const angle = (2 * Math.PI * rng.int(modes)) / modes;
        return [radius * Math.cos(angle), radius * Math.sin(angle)];
      };
    }
    case 'grid': {
      const { size, extent } = config;
      // One mode sits at the origin when size is 1; otherwise centres step evenly across.
      const at = (i: number) => (size === 1 ? 0 : -extent + (2 * extent * i) / (size - 1));
      return (rng) => [at(rng.int(size)), at(rng.int(size))];
    }
    case 'spiral': {
      const { turns, radius } = config;
      // r grows linearly with t, so arc length grows like t^2: t = sqrt(u) spreads points evenly.
      return (rng) => {
        const t = Math.sqrt(rng.uniform());
        const angle = 2 * Math.PI * turns * t;
        return [radius * t * Math.cos(angle), radius * t * Math.sin(angle)];
      };
    }
    case 'moons': {
      const { radius } = config;
      // scikit-learn's make_moons: upper (cos, sin) and lower (1 - cos, 0.5 - sin) for angle in
      // [0, pi]; their joint mean is (0.5, 0.25), subtracted so the pair is centred.
      return (rng) => {
        const angle = Math.PI * rng.uniform();
        const [x, y] = rng.int(2) === 0 ? [Math.cos(angle), Math.sin(angle)] : [1 - Math.cos(angle), 0.5 - Math.sin(angle)];
        return [radius * (x - 0.5), radius * (y - 0.25)];
      };
    }
    case 'line': {
      const [[x0, y0], [x1, y1]] = [config.from, config.to];
      return (rng) => {
        const t = rng.uniform();
        return [x0 + t * (x1 - x0), y0 + t * (y1 - y0)];
      };
    }
    case 'drawn': {
      const { points } = config;
      return (rng) => points[rng.int(points.length)] as Point;
    }
    default:
      return assertNever(config);
  }
}

/**
 * The centres of a target's modes, about which its draws jitter (as drawFor places them), or
 * null for a target without separate modes (spiral, moons, line, drawn points).
 */
export function modeCentres(config: ToyConfig): Point[] | null {
  if (config.kind === 'ring') {
    return Array.from({ length: config.modes }, (_, k): Point => {
      const angle = (2 * Math.PI * k) / config.modes;
      return [config.radius * Math.cos(angle), config.radius * Math.sin(angle)];
    });
  }
  if (config.kind === 'grid') {
    const { size, extent } = config;
    const at = (i: number) => (size === 1 ? 0 : -extent + (2 * extent * i) / (size - 1));
    return Array.from({ length: size * size }, (_, k): Point => [at(k % size), at(Math.floor(k / size))]);
  }
  return null;
}

function assertNever(value: never): never {
  throw new Error(`unhandled toy target ${JSON.stringify(value)}`);
}

/**
 * A seeded sampler of the target described by `config` (JSON; validated here, so a bad field
 * fails before training starts). `nextBatch(n)` gives n points as x0, y0, x1, y1, ...
 */
export function createToySource(config: unknown, seed: number): ToySource {
  const parsed = parseToyConfig(config);
  const rng = createRandom(seed);
  const draw = drawFor(parsed);
  const { std } = parsed;
  return {
    config: parsed,
    itemShape: [2],
    nextBatch(n) {
      checkBatchSize(n);
      const out = new Float32Array(2 * n);
      for (let i = 0; i < n; i++) {
        const [x, y] = draw(rng);
        out[2 * i] = x + std * rng.normal();
        out[2 * i + 1] = y + std * rng.normal();
      }
      return out;
    },
  };
}

/**
 * The centres of a resolution x resolution grid of cells covering [-extent, extent]^2, as x, y
 * pairs, row-major with the TOP row (largest y) first: the discriminator's outputs on them,
 * reshaped to [resolution, resolution], are then an image with y pointing up, as on the plot.
 */
export function planeGrid(resolution: number, extent = 1): Float32Array {
  if (!Number.isInteger(resolution) || resolution < 1) {
    throw new RangeError(`grid resolution must be a positive integer, got ${resolution}`);
  }
  const out = new Float32Array(2 * resolution * resolution);
  const step = (2 * extent) / resolution;
  for (let row = 0; row < resolution; row++) {
    for (let col = 0; col < resolution; col++) {
      const i = 2 * (row * resolution + col);
      out[i] = -extent + (col + 0.5) * step;
      out[i + 1] = extent - (row + 0.5) * step;
    }
  }
  return out;
}
