// Pure helpers that turn a loss map (a typed array with a shape) into RGBA pixels, a colour
// scale legend, and toy-plane points into canvas pixels. No DOM here, so Node tests cover them.
import { colorAt, getColormap, lutIndex, rgbCss, type ColormapName } from './colormaps';

/** How an [H, W, C] map becomes one value per cell: the channels' mean, their max, or one channel. */
export type ChannelMode = 'mean' | 'max' | number;

/**
 * Which values span the colour map. `auto`: the map's finite min to max. `symmetric`: -m to m
 * with m the largest finite |value|, so zero sits mid-scale (for signed maps and diverging
 * colour maps). `{ min, max }`: fixed bounds, values outside are clamped (compares steps).
 */
export type RangeMode = 'auto' | 'symmetric' | { readonly min: number; readonly max: number };

export interface MapLike {
  readonly shape: readonly number[];
  readonly data: ArrayLike<number>;
}

export interface HeatImage {
  readonly width: number;
  readonly height: number;
  /** width * height RGBA pixels, top row first: ready for `new ImageData(rgba, width, height)`. */
  readonly rgba: Uint8ClampedArray;
  /** The value drawn at the colour map's first entry (NaN when no value is finite). */
  readonly min: number;
  /** The value drawn at the colour map's last entry (NaN when no value is finite). */
  readonly max: number;
  /** The finite extremes of the collapsed values (they differ from min / max in fixed and symmetric ranges). */
  readonly dataMin: number;
  readonly dataMax: number;
  /** Cells that are NaN or ±Inf after collapsing the channels, drawn in the colour map's `nonFinite` colour. */
  readonly nonFinite: number;
  /** The map's only value when it has exactly one element (a scalar loss), else null. */
  readonly value: number | null;
  /** Channels in the map's last axis (1 for ranks below 3). */
  readonly channels: number;
}

/** A map's shape read as an image: height x width cells of `channels`, `items` deep. */
export interface MapLayout {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  /** Leading axes of a rank >= 4 map (a batch), averaged into one image. */
  readonly items: number;
}

/**
 * [] and [1] are scalars (1x1), [N] a 1xN strip, [H, W] one channel, [H, W, C] (PatchGAN's
 * [g, g, 1] too) C channels; [..., H, W, C] averages the leading axes.
 */
export function mapLayout(shape: readonly number[]): MapLayout {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new RangeError(`A map's shape must hold non-negative integers, got [${shape.join(', ')}]`);
  }
  const r = shape.length;
  const at = (i: number) => shape[i] as number;
  switch (r) {
    case 0:
      return { height: 1, width: 1, channels: 1, items: 1 };
    case 1:
      return { height: 1, width: at(0), channels: 1, items: 1 };
    case 2:
      return { height: at(0), width: at(1), channels: 1, items: 1 };
    default:
      return { height: at(r - 3), width: at(r - 2), channels: at(r - 1), items: shape.slice(0, r - 3).reduce((a, b) => a * b, 1) };
  }
}

/** One value per cell, top row first: the channel mode applied per item, then items averaged. */
export function collapseChannels(map: MapLike, channelMode: ChannelMode): { values: Float64Array; layout: MapLayout } {
  const layout = mapLayout(map.shape);
  const { height, width, channels, items } = layout;
  const cells = height * width;
  const expected = cells * channels * items;
  if (map.data.length !== expected) {
    throw new RangeError(`A map of shape [${map.shape.join(', ')}] needs ${expected} values, got ${map.data.length}`);
  }
  if (cells === 0 || channels === 0 || items === 0) throw new RangeError(`The map of shape [${map.shape.join(', ')}] is empty`);
  if (typeof channelMode === 'number' && !(Number.isInteger(channelMode) && channelMode >= 0 && channelMode < channels)) {
    throw new RangeError(`Channel ${channelMode} does not exist: the map has ${channels} channel(s), 0 to ${channels - 1}`);
  }
  const values = new Float64Array(cells);
  const data = map.data;
  for (let item = 0; item < items; item++) {
    for (let cell = 0; cell < cells; cell++) {
      const base = (item * cells + cell) * channels;
      let v: number;
      if (typeof channelMode === 'number') {
        v = data[base + channelMode] as number;
      } else if (channelMode === 'max') {
        v = -Infinity;
        for (let c = 0; c < channels; c++) v = Math.max(v, data[base + c] as number); // NaN propagates: shown, not hidden
      } else {
        v = 0;
        for (let c = 0; c < channels; c++) v += data[base + c] as number;
        v /= channels;
      }
      values[cell] = (values[cell] as number) + v / items;
    }
  }
  return { values, layout };
}

function finiteExtremes(values: ArrayLike<number>): { min: number; max: number; nonFinite: number } {
  let min = Infinity;
  let max = -Infinity;
  let nonFinite = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) nonFinite++;
    else {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return nonFinite === values.length ? { min: NaN, max: NaN, nonFinite } : { min, max, nonFinite };
}

/** The bounds a range mode gives for data with these finite extremes. */
export function resolveRange(range: RangeMode, dataMin: number, dataMax: number): { min: number; max: number } {
  if (range === 'auto') return { min: dataMin, max: dataMax };
  if (range === 'symmetric') {
    const m = Math.max(Math.abs(dataMin), Math.abs(dataMax));
    return { min: -m, max: m };
  }
  if (!(Number.isFinite(range.min) && Number.isFinite(range.max) && range.min < range.max)) {
    throw new RangeError(`A fixed range needs finite min < max, got ${range.min} to ${range.max}`);
  }
  return { min: range.min, max: range.max };
}

/**
 * Draws a loss map as RGBA pixels: collapses the channels, normalizes to the range, and looks
 * the colour up in the colour map. A map whose range is one value (all cells equal) is drawn
 * mid-scale. Non-finite cells get the colour map's `nonFinite` colour and are counted.
 */
export function mapToImage(
  map: MapLike,
  channelMode: ChannelMode = 'mean',
  colormap: ColormapName = 'viridis',
  range: RangeMode = 'auto',
): HeatImage {
  const { values, layout } = collapseChannels(map, channelMode);
  const { min: dataMin, max: dataMax, nonFinite } = finiteExtremes(values);
  const { min, max } = resolveRange(range, dataMin, dataMax);
  const cmap = getColormap(colormap);
  const span = max - min;
  const rgba = new Uint8ClampedArray(values.length * 4);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    const o = 4 * i;
    if (Number.isFinite(v)) {
      const j = 3 * lutIndex(span > 0 ? (v - min) / span : 0.5);
      rgba[o] = cmap.lut[j] as number;
      rgba[o + 1] = cmap.lut[j + 1] as number;
      rgba[o + 2] = cmap.lut[j + 2] as number;
    } else {
      [rgba[o], rgba[o + 1], rgba[o + 2]] = cmap.nonFinite;
    }
    rgba[o + 3] = 255;
  }
  const total = map.data.length;
  return {
    width: layout.width,
    height: layout.height,
    rgba,
    min,
    max,
    dataMin,
    dataMax,
    nonFinite,
    value: total === 1 ? (map.data[0] as number) : null,
    channels: layout.channels,
  };
}

export interface ColorStop {
  /** Position along the scale, 0 (min) to 1 (max). */
  readonly offset: number;
  readonly color: string;
}

/** `n` evenly spaced colours of a colour map, as the heat map draws them, for a legend. */
export function colorScaleStops(colormap: ColormapName, n: number): ColorStop[] {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`A colour scale needs at least 2 stops, got ${n}`);
  const cmap = getColormap(colormap);
  return Array.from({ length: n }, (_, i) => {
    const offset = i / (n - 1);
    return { offset, color: rgbCss(colorAt(cmap, offset)) };
  });
}

/** The stops as a CSS gradient, left (min) to right (max) unless `direction` says otherwise. */
export function cssGradient(stops: readonly ColorStop[], direction = 'to right'): string {
  return `linear-gradient(${direction}, ${stops.map((s) => `${s.color} ${+(s.offset * 100).toFixed(2)}%`).join(', ')})`;
}

/**
 * Plane points (x0, y0, x1, y1, ...) over [-extent, extent]^2 to canvas pixels on a size x size
 * canvas: x grows right, y grows up, so y = +extent is the top row, as in the discriminator grid.
 */
export function pointsToPixels(points: ArrayLike<number>, extent: number, size: number): Float32Array {
  if (points.length % 2 !== 0) throw new RangeError(`Points must be x, y pairs, got ${points.length} values`);
  if (!(extent > 0)) throw new RangeError(`The plane's extent must be positive, got ${extent}`);
  const scale = size / (2 * extent);
  const out = new Float32Array(points.length);
  for (let i = 0; i < points.length; i += 2) {
    out[i] = ((points[i] as number) + extent) * scale;
    out[i + 1] = (extent - (points[i + 1] as number)) * scale;
  }
  return out;
}
