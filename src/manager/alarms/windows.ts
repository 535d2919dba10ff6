// The few statistics the alarms need over the last n points of a series: a running mean, a
// median, and a least-squares trend with its standard error. Plain numbers, no tfjs.

/** The last `size` values, with their mean kept as values come (O(1) a value). */
export class RollingWindow {
  private readonly values: Float64Array;
  private next = 0;
  private count = 0;
  private sum = 0;
  readonly size: number;

  constructor(size: number) {
    this.size = size;
    this.values = new Float64Array(size);
  }

  get full(): boolean {
    return this.count === this.size;
  }

  get length(): number {
    return this.count;
  }

  get mean(): number {
    return this.count === 0 ? NaN : this.sum / this.count;
  }

  /** Adds a value; returns the one that fell out, or undefined while not yet full. */
  push(value: number): number | undefined {
    const out = this.full ? this.values[this.next] : undefined;
    this.values[this.next] = value;
    this.sum += value - (out ?? 0);
    this.next = (this.next + 1) % this.size;
    if (!this.full) this.count++;
    // Summed afresh once a lap, so rounding never accumulates over a long run.
    if (this.next === 0) this.sum = this.values.reduce((a, b) => a + b, 0);
    return out;
  }

  /** The values, oldest first. */
  toArray(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.values[(this.next - this.count + i + this.size) % this.size]!);
    return out;
  }
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A least-squares line through (x, y): its values at the first and last x, and the standard error of their difference. */
export interface Trend {
  readonly start: number;
  readonly end: number;
  /** Standard error of `end - start` from the residuals (n - 2 degrees of freedom); 0 for points on a line. */
  readonly changeError: number;
}

/** Needs at least 3 points with at least two different x. */
export function trend(x: readonly number[], y: readonly number[]): Trend | null {
  const n = x.length;
  if (n < 3 || y.length !== n) return null;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i]! - mx) ** 2;
    sxy += (x[i]! - mx) * (y[i]! - my);
  }
  if (!(sxx > 0)) return null;
  const slope = sxy / sxx;
  let residuals = 0;
  for (let i = 0; i < n; i++) residuals += (y[i]! - (my + slope * (x[i]! - mx))) ** 2;
  const span = x[n - 1]! - x[0]!;
  const slopeError = Math.sqrt(residuals / (n - 2) / sxx);
  return { start: my + slope * (x[0]! - mx), end: my + slope * (x[n - 1]! - mx), changeError: slopeError * Math.abs(span) };
}
