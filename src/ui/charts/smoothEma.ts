/**
 * TensorBoard's "classic" scalar smoothing, the same numbers a TensorBoard user sees for the
 * same smoothing weight (tensorboard/webapp/widgets/line_chart_v2/data_transformer.ts,
 * `classicSmoothing`):
 *
 *   last_k = last_{k-1} * w + (1 - w) * v_k,   last_0 = 0
 *   smoothed_k = last_k / (1 - w^k)             (k = finite points so far; w = 1: no division)
 *
 * Dividing by 1 - w^k removes the bias towards the initial 0. Non-finite points are copied
 * through and neither advance k nor touch `last`, so one NaN does not poison the rest.
 * A constant series is returned unchanged (TensorBoard #786: the EMA of a constant drifts in
 * the last bits, which a tight auto-scaled axis shows as noise).
 *
 * @param values the raw values; only the first `length` are read (a Series' arrays have spare capacity)
 * @param weight smoothing weight; clamped to [0, 1], non-finite reads as 0, as TensorBoard does
 * @param length how many values to smooth @default values.length
 */
export function smoothEma(values: ArrayLike<number>, weight: number, length = values.length): Float64Array {
  const ema = new IncrementalEma(weight);
  ema.update(values, length);
  return ema.out.slice(0, length);
}

/**
 * `smoothEma` of an append-only series, extended as it grows: the EMA is causal, so a redraw
 * smooths only the new points. The one exception is TensorBoard's constant-series rule: the
 * first value that breaks a constant run makes every earlier point an EMA too.
 */
export class IncrementalEma {
  /** Smoothed values; the first `length` are valid. */
  out = new Float64Array(0);
  length = 0;
  readonly weight: number;
  private last = 0;
  /** w^k by running product, not Math.pow per point: 3-4x faster here, and k ulp of error is far below
   * anything a chart shows (tested against Math.pow). */
  private wk = 1;
  private constant = true;

  constructor(weight: number) {
    this.weight = Number.isFinite(weight) ? Math.min(1, Math.max(0, weight)) : 0;
  }

  /**
   * Smooths values [this.length, length). Returns true when earlier outputs changed too (the
   * constant run ended, or the series got shorter and was redone), so derived caches reset.
   */
  update(values: ArrayLike<number>, length: number): boolean {
    let rewritten = false;
    if (length < this.length) {
      this.reset();
      rewritten = true;
    }
    if (this.out.length < length) {
      const next = new Float64Array(Math.max(length, this.out.length * 2, 256));
      next.set(this.out.subarray(0, this.length));
      this.out = next;
    }
    const first = values[0] as number;
    for (let i = this.length; i < length; i++) {
      const v = values[i] as number;
      if (this.constant) {
        // `==` as TensorBoard: a NaN first value is never constant.
        if (v === first) {
          this.out[i] = v;
          continue;
        }
        this.constant = false;
        if (i > 0) {
          for (let j = 0; j < i; j++) this.step(values[j] as number, j);
          rewritten = true;
        }
      }
      this.step(v, i);
    }
    this.length = length;
    return rewritten;
  }

  private step(v: number, i: number): void {
    if (!Number.isFinite(v)) {
      this.out[i] = v;
      return;
    }
    const w = this.weight;
    this.last = this.last * w + (1 - w) * v;
    this.wk *= w;
    this.out[i] = w === 1 ? this.last : this.last / (1 - this.wk);
  }

  private reset(): void {
    this.length = 0;
    this.last = 0;
    this.wk = 1;
    this.constant = true;
  }
}
