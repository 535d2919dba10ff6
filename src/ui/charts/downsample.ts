/** Points to draw, in drawing order; `length` of them are valid. */
export interface Points {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly length: number;
  /** Points left out because y was NaN or ±Infinity. */
  readonly nonFinite: number;
  /** Finite points left out because `positiveOnly` was set and y <= 0 (log scale). */
  readonly nonPositive: number;
}

export interface DownsampleOptions {
  /**
   * The x range split into columns. Charts pass the range shared by all their lines, so the
   * lines' columns line up. @default [x[fromIndex], x[toIndex - 1]]
   */
  readonly xRange?: readonly [number, number];
  /** Keep only y > 0 (a log axis cannot draw the rest). @default false */
  readonly positiveOnly?: boolean;
}

/**
 * The M4 reduction (Jugel et al., "M4: A Visualization-Oriented Time Series Data Aggregation",
 * VLDB 2014): for each pixel column keep the first, min, max and last point. A line through
 * them draws the same pixels as the line through every point, so a one-step spike survives
 * where averaging or striding would erase it. Output is at most 4 points per column, whatever
 * the input size; the pass is O(n) with no allocation per point.
 */
export function downsampleMinMax(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  fromIndex: number,
  toIndex: number,
  columns: number,
  options: DownsampleOptions = {},
): Points {
  const from = Math.max(0, fromIndex);
  const to = Math.min(toIndex, x.length, y.length);
  const m4 = new M4(columns, options.xRange ?? [x[from] as number, x[to - 1] as number], options.positiveOnly ?? false);
  m4.scan(x, y, from, to);
  return m4.points(x, y);
}

function newScratch(cols: number) {
  return {
    first: new Int32Array(cols),
    min: new Int32Array(cols),
    max: new Int32Array(cols),
    last: new Int32Array(cols),
    minY: new Float64Array(cols),
    maxY: new Float64Array(cols),
  };
}

let scratch = newScratch(0);

/**
 * M4 columns being filled (one at a time: they share scratch arrays). Points arrive in index order, one by one (`scan`) or as a block's
 * summary (`run`); the current run of same-column points is kept apart and folded into its
 * column when the column changes, so x that goes back (a run restored from a checkpoint
 * re-logs old steps) still yields at most 4 points per column.
 */
export class M4 {
  readonly cols: number;
  private readonly x0: number;
  private readonly scale: number;
  readonly positiveOnly: boolean;
  nonFinite = 0;
  nonPositive = 0;
  // Per column: indices of the first, min, max and last drawable point (first -1: empty).
  private readonly first: Int32Array;
  private readonly min: Int32Array;
  private readonly max: Int32Array;
  private readonly last: Int32Array;
  private readonly minY: Float64Array;
  private readonly maxY: Float64Array;
  // The open run.
  private col = -1;
  private f = 0;
  private mn = 0;
  private mx = 0;
  private l = 0;
  private mnY = 0;
  private mxY = 0;

  constructor(columns: number, xRange: readonly [number, number], positiveOnly: boolean) {
    this.cols = Math.max(1, Math.floor(columns));
    this.x0 = xRange[0];
    const span = xRange[1] - xRange[0];
    this.scale = span > 0 ? this.cols / span : 0;
    this.positiveOnly = positiveOnly;
    // Shared scratch: a chart redraw builds a dozen of these one after another, and fresh typed
    // arrays each time showed up as allocation and GC time in the profile.
    if (scratch.first.length < this.cols) scratch = newScratch(this.cols);
    ({ first: this.first, min: this.min, max: this.max, last: this.last, minY: this.minY, maxY: this.maxY } = scratch);
    this.first.fill(-1, 0, this.cols);
  }

  /** The column of x. x = x1 lands on `cols`, and x outside the range is clamped to an edge
   * column rather than dropped, so the line still reaches the edge. */
  column(x: number): number {
    const t = (x - this.x0) * this.scale;
    return t < 0 ? 0 : t >= this.cols ? this.cols - 1 : t | 0;
  }

  /** Adds points [from, to) one by one. */
  scan(x: ArrayLike<number>, y: ArrayLike<number>, from: number, to: number): void {
    const positiveOnly = this.positiveOnly;
    for (let i = from; i < to; i++) {
      const v = y[i] as number;
      // v - v is NaN for NaN and ±Infinity: cheaper than Number.isFinite in this loop.
      if (v - v !== 0) {
        this.nonFinite++;
        continue;
      }
      if (positiveOnly && v <= 0) {
        this.nonPositive++;
        continue;
      }
      const c = this.column(x[i] as number);
      if (c !== this.col) {
        this.run(c, i, i, v, i, v, i);
        continue;
      }
      if (v < this.mnY) {
        this.mnY = v;
        this.mn = i;
      } else if (v > this.mxY) {
        this.mxY = v;
        this.mx = i;
      }
      this.l = i;
    }
  }

  /** Adds a run of points known to share column c, by its first, min, max and last. */
  run(c: number, f: number, mn: number, mnY: number, mx: number, mxY: number, l: number): void {
    if (c !== this.col) {
      this.flush();
      this.col = c;
      this.f = f;
      this.mn = mn;
      this.mnY = mnY;
      this.mx = mx;
      this.mxY = mxY;
    } else {
      if (mnY < this.mnY) {
        this.mnY = mnY;
        this.mn = mn;
      }
      if (mxY > this.mxY) {
        this.mxY = mxY;
        this.mx = mx;
      }
    }
    this.l = l;
  }

  private flush(): void {
    const c = this.col;
    if (c < 0) return;
    if (this.first[c] === -1) {
      this.first[c] = this.f;
      this.min[c] = this.mn;
      this.minY[c] = this.mnY;
      this.max[c] = this.mx;
      this.maxY[c] = this.mxY;
    } else {
      if (this.mnY < (this.minY[c] as number)) {
        this.min[c] = this.mn;
        this.minY[c] = this.mnY;
      }
      if (this.mxY > (this.maxY[c] as number)) {
        this.max[c] = this.mx;
        this.maxY[c] = this.mxY;
      }
    }
    this.last[c] = this.l;
  }

  /** The kept points, column by column, each column's in index order. */
  points(x: ArrayLike<number>, y: ArrayLike<number>): Points {
    this.flush();
    this.col = -1;
    let size = 0;
    for (let c = 0; c < this.cols; c++) if (this.first[c] !== -1) size += 4;
    const outX = new Float64Array(size);
    const outY = new Float64Array(size);
    const picked = [0, 0, 0, 0];
    let n = 0;
    for (let c = 0; c < this.cols; c++) {
      const f = this.first[c] as number;
      if (f === -1) continue;
      const lo = Math.min(this.min[c] as number, this.max[c] as number);
      const hi = Math.max(this.min[c] as number, this.max[c] as number);
      const l = this.last[c] as number;
      // Index order keeps the line's path honest; equal indices are the same point.
      let k = 0;
      picked[k++] = f;
      if (lo !== f) picked[k++] = lo;
      if (hi !== lo && hi !== f) picked[k++] = hi;
      if (l !== hi && l !== f) picked[k++] = l;
      for (let j = 0; j < k; j++) {
        const i = picked[j] as number;
        outX[n] = x[i] as number;
        outY[n] = y[i] as number;
        n++;
      }
    }
    return { x: outX, y: outY, length: n, nonFinite: this.nonFinite, nonPositive: this.nonPositive };
  }
}
