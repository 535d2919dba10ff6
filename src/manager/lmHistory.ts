/**
 * A loss's recorded values in typed arrays (not arrays of boxed numbers): the weighted mean
 * NectarGAN logs, the weight actually applied, the raw (unweighted) mean, the step and the
 * wall-clock time of each call. The arrays grow by doubling up to `capacity`; the manager
 * dumps a full history to the loss log before it records more. Imports no tfjs.
 */
export interface HistoryEntry {
  readonly step: number;
  /** Weighted mean: what NectarGAN's `history.losses` holds. */
  readonly loss: number;
  readonly weight: number;
  /** Unweighted mean. */
  readonly raw: number;
  /** Milliseconds since the run started. */
  readonly time: number;
}

const INITIAL_SIZE = 64;

export class LMHistory {
  private stepsBuf: Float64Array;
  private lossBuf: Float32Array;
  private weightBuf: Float32Array;
  private rawBuf: Float32Array;
  private timeBuf: Float64Array;
  private size = 0;
  /** The most values held before the manager must dump them. */
  readonly capacity: number;

  /** @param capacity the most values held before the manager must dump them. @default 50000 */
  constructor(capacity = 50_000) {
    this.capacity = capacity;
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`LMHistory: capacity must be a positive integer, got ${capacity}`);
    }
    const n = Math.min(INITIAL_SIZE, capacity);
    this.stepsBuf = new Float64Array(n);
    this.lossBuf = new Float32Array(n);
    this.weightBuf = new Float32Array(n);
    this.rawBuf = new Float32Array(n);
    this.timeBuf = new Float64Array(n);
  }

  get length(): number {
    return this.size;
  }

  get isFull(): boolean {
    return this.size >= this.capacity;
  }

  /** Views of the recorded values (valid until the next push or clear). */
  get steps(): Float64Array {
    return this.stepsBuf.subarray(0, this.size);
  }
  get losses(): Float32Array {
    return this.lossBuf.subarray(0, this.size);
  }
  get weights(): Float32Array {
    return this.weightBuf.subarray(0, this.size);
  }
  get raw(): Float32Array {
    return this.rawBuf.subarray(0, this.size);
  }
  get times(): Float64Array {
    return this.timeBuf.subarray(0, this.size);
  }

  push(entry: HistoryEntry): void {
    if (this.isFull) throw new RangeError(`LMHistory: full at ${this.capacity} values; dump it first`);
    if (this.size === this.lossBuf.length) this.grow();
    const i = this.size++;
    this.stepsBuf[i] = entry.step;
    this.lossBuf[i] = entry.loss;
    this.weightBuf[i] = entry.weight;
    this.rawBuf[i] = entry.raw;
    this.timeBuf[i] = entry.time;
  }

  last(): HistoryEntry | undefined {
    if (this.size === 0) return undefined;
    const i = this.size - 1;
    return {
      step: this.stepsBuf[i] as number,
      loss: this.lossBuf[i] as number,
      weight: this.weightBuf[i] as number,
      raw: this.rawBuf[i] as number,
      time: this.timeBuf[i] as number,
    };
  }

  clear(): void {
    this.size = 0;
  }

  /** Copies of the recorded values, e.g. to hand to a loss log or another thread. */
  snapshot(): { steps: Float64Array; loss: Float32Array; weights: Float32Array; raw: Float32Array; time: Float64Array } {
    return {
      steps: this.steps.slice(),
      loss: this.losses.slice(),
      weights: this.weights.slice(),
      raw: this.raw.slice(),
      time: this.times.slice(),
    };
  }

  private grow(): void {
    const n = Math.min(this.capacity, this.lossBuf.length * 2);
    const grow64 = (old: Float64Array) => {
      const next = new Float64Array(n);
      next.set(old);
      return next;
    };
    const grow32 = (old: Float32Array) => {
      const next = new Float32Array(n);
      next.set(old);
      return next;
    };
    this.stepsBuf = grow64(this.stepsBuf);
    this.timeBuf = grow64(this.timeBuf);
    this.lossBuf = grow32(this.lossBuf);
    this.weightBuf = grow32(this.weightBuf);
    this.rawBuf = grow32(this.rawBuf);
  }
}
