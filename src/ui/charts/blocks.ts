import { M4, type Points } from './downsample';

/**
 * Points per block. A redraw reads one summary per block plus the points of the blocks that
 * straddle a column edge: n/B + B*columns, least near B = sqrt(n/columns), ~11 for 100,000
 * points on 800 columns.
 */
export const BLOCK = 16;

function grow<T extends Int32Array | Float64Array>(a: T, size: number): T {
  if (a.length >= size) return a;
  const next = new (a.constructor as new (n: number) => T)(Math.max(size, a.length * 2));
  next.set(a);
  return next;
}

/** Each complete block's x range, for one x array of an append-only series. */
export class XBlocks {
  lo = new Float64Array(0);
  hi = new Float64Array(0);
  complete = 0;

  update(x: ArrayLike<number>, length: number): void {
    const full = Math.floor(length / BLOCK);
    if (full < this.complete) this.complete = 0; // the series was replaced by a shorter one
    this.lo = grow(this.lo, full);
    this.hi = grow(this.hi, full);
    for (let b = this.complete; b < full; b++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = b * BLOCK; i < (b + 1) * BLOCK; i++) {
        const v = x[i] as number;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      this.lo[b] = lo;
      this.hi[b] = hi;
    }
    this.complete = full;
  }
}

/**
 * Each complete block's first, min, max and last drawable point of one y array of an
 * append-only series, so a redraw does not rescan points already summarised.
 */
export class YBlocks {
  f = new Int32Array(0);
  mn = new Int32Array(0);
  mx = new Int32Array(0);
  l = new Int32Array(0);
  mnY = new Float64Array(0);
  mxY = new Float64Array(0);
  nonFinite = new Int32Array(0);
  nonPositive = new Int32Array(0);
  complete = 0;
  readonly positiveOnly: boolean;

  constructor(positiveOnly: boolean) {
    this.positiveOnly = positiveOnly;
  }

  update(y: ArrayLike<number>, length: number): void {
    const full = Math.floor(length / BLOCK);
    if (full < this.complete) this.complete = 0; // the series was replaced by a shorter one
    for (const key of ['f', 'mn', 'mx', 'l', 'nonFinite', 'nonPositive'] as const) this[key] = grow(this[key], full);
    this.mnY = grow(this.mnY, full);
    this.mxY = grow(this.mxY, full);
    for (let b = this.complete; b < full; b++) this.summarise(y, b);
    this.complete = full;
  }

  private summarise(y: ArrayLike<number>, b: number): void {
    let f = -1;
    let mn = 0;
    let mx = 0;
    let l = 0;
    let nonFinite = 0;
    let nonPositive = 0;
    for (let i = b * BLOCK; i < (b + 1) * BLOCK; i++) {
      const v = y[i] as number;
      if (!Number.isFinite(v)) nonFinite++;
      else if (this.positiveOnly && v <= 0) nonPositive++;
      else {
        if (f === -1) f = mn = mx = i;
        else if (v < (y[mn] as number)) mn = i;
        else if (v > (y[mx] as number)) mx = i;
        l = i;
      }
    }
    this.f[b] = f;
    this.mn[b] = mn;
    this.mx[b] = mx;
    this.l[b] = l;
    this.mnY[b] = y[mn] as number;
    this.mxY[b] = y[mx] as number;
    this.nonFinite[b] = nonFinite;
    this.nonPositive[b] = nonPositive;
  }
}

/**
 * Exactly `downsampleMinMax(x, y, 0, length, columns, { xRange, positiveOnly })`, from block
 * summaries: a block whose x range sits in one column is folded in by its 4 points, a block
 * across a column edge point by point, and the incomplete last block point by point.
 */
export function downsampleBlocks(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  length: number,
  xb: XBlocks,
  yb: YBlocks,
  columns: number,
  xRange: readonly [number, number],
): Points {
  xb.update(x, length);
  yb.update(y, length);
  const m4 = new M4(columns, xRange, yb.positiveOnly);
  const { lo, hi } = xb;
  const { f, mn, mx, l, mnY, mxY } = yb;
  for (let b = 0; b < yb.complete; b++) {
    const c = m4.column(lo[b] as number);
    if (c !== m4.column(hi[b] as number)) {
      m4.scan(x, y, b * BLOCK, (b + 1) * BLOCK);
      continue;
    }
    m4.nonFinite += yb.nonFinite[b] as number;
    m4.nonPositive += yb.nonPositive[b] as number;
    const first = f[b] as number;
    if (first !== -1) m4.run(c, first, mn[b] as number, mnY[b] as number, mx[b] as number, mxY[b] as number, l[b] as number);
  }
  m4.scan(x, y, yb.complete * BLOCK, length);
  return m4.points(x, y);
}
