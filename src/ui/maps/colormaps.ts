// Colour maps as 256-entry lookup tables, sampled once from d3-scale-chromatic's interpolators:
// a heat map colours thousands of cells ten times a second, and a table lookup per cell beats
// formatting and parsing a CSS colour string per cell.
import {
  interpolateCividis,
  interpolateInferno,
  interpolateMagma,
  interpolatePRGn,
  interpolateRdBu,
  interpolateTurbo,
  interpolateViridis,
} from 'd3-scale-chromatic';

export type Rgb = readonly [number, number, number];

/** Entries per table: a value normalized to t in [0, 1] reads entry `Math.round(t * 255)`. */
export const LUT_SIZE = 256;

interface ColormapConfig {
  readonly interpolate: (t: number) => string;
  /** NaN and ±Inf cells: a colour the map itself never produces. */
  readonly nonFinite: Rgb;
  /** The nonFinite colour in words, for the legend. */
  readonly nonFiniteName: string;
  readonly diverging: boolean;
}

const MAGENTA = { nonFinite: [255, 0, 255], nonFiniteName: 'magenta' } as const;
const CYAN = { nonFinite: [0, 255, 255], nonFiniteName: 'cyan' } as const;
const LIME = { nonFinite: [0, 255, 0], nonFiniteName: 'lime' } as const;
const ORANGE = { nonFinite: [255, 140, 0], nonFiniteName: 'orange' } as const;

/**
 * The colour maps, by id. Sequential maps for magnitudes (viridis first: perceptually uniform
 * and readable in greyscale and by most colour-blind viewers); diverging maps centred on 0.5
 * for signed values (`RdBu_r`: negative blue, positive red, matplotlib's name) and for the
 * toy GAN's discriminator (`PRGn`: purple for "fake", green for "real", GAN Lab's colours).
 */
export const COLORMAPS = {
  viridis: { interpolate: interpolateViridis, ...MAGENTA, diverging: false },
  inferno: { interpolate: interpolateInferno, ...CYAN, diverging: false },
  magma: { interpolate: interpolateMagma, ...CYAN, diverging: false },
  cividis: { interpolate: interpolateCividis, ...MAGENTA, diverging: false },
  turbo: { interpolate: interpolateTurbo, ...MAGENTA, diverging: false },
  RdBu_r: { interpolate: (t: number) => interpolateRdBu(1 - t), ...LIME, diverging: true },
  PRGn: { interpolate: interpolatePRGn, ...ORANGE, diverging: true },
} as const satisfies Record<string, ColormapConfig>;

export type ColormapName = keyof typeof COLORMAPS;
export const COLORMAP_NAMES = Object.keys(COLORMAPS) as ColormapName[];

export interface Colormap {
  readonly name: ColormapName;
  /** LUT_SIZE RGB triples, flat: entry i is [lut[3i], lut[3i + 1], lut[3i + 2]]. */
  readonly lut: Uint8ClampedArray;
  readonly nonFinite: Rgb;
  readonly nonFiniteName: string;
  readonly diverging: boolean;
}

/** Parses the two forms d3's interpolators return: `#rrggbb` and `rgb(r, g, b)`. */
export function parseColor(css: string): Rgb {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(css);
  if (hex) return [parseInt(hex[1] as string, 16), parseInt(hex[2] as string, 16), parseInt(hex[3] as string, 16)];
  const rgb = /^rgb\(\s*(\d+),\s*(\d+),\s*(\d+)\s*\)$/.exec(css);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  throw new Error(`Cannot parse the colour '${css}': expected #rrggbb or rgb(r, g, b)`);
}

const cache = new Map<ColormapName, Colormap>();

/** The colour map `name` as a lookup table (built on first use, then cached). */
export function getColormap(name: ColormapName): Colormap {
  const cached = cache.get(name);
  if (cached) return cached;
  const config: ColormapConfig | undefined = COLORMAPS[name];
  if (!config) throw new Error(`Unknown colour map '${String(name)}'; known: ${COLORMAP_NAMES.join(', ')}`);
  const lut = new Uint8ClampedArray(3 * LUT_SIZE);
  for (let i = 0; i < LUT_SIZE; i++) lut.set(parseColor(config.interpolate(i / (LUT_SIZE - 1))), 3 * i);
  const colormap: Colormap = { name, lut, nonFinite: config.nonFinite, nonFiniteName: config.nonFiniteName, diverging: config.diverging };
  cache.set(name, colormap);
  return colormap;
}

/** The table index for a normalized value t in [0, 1] (clamped). */
export function lutIndex(t: number): number {
  return Math.round(Math.min(1, Math.max(0, t)) * (LUT_SIZE - 1));
}

/** The colour at normalized t as an RGB triple, as the heat map draws it. */
export function colorAt(colormap: Colormap, t: number): Rgb {
  const i = 3 * lutIndex(t);
  return [colormap.lut[i] as number, colormap.lut[i + 1] as number, colormap.lut[i + 2] as number];
}

export function rgbCss([r, g, b]: Rgb): string {
  return `rgb(${r}, ${g}, ${b})`;
}
