/**
 * One loss's history on the page: growable typed arrays (a chart reads 100,000 points of them
 * without one object per point). Plain data, never a tensor.
 */
export interface Series {
  readonly name: string;
  length: number;
  step: Float64Array;
  /** Weighted mean (what NectarGAN logs). */
  value: Float32Array;
  weight: Float32Array;
  /** Unweighted mean. */
  raw: Float32Array;
  /** Milliseconds since the run started. */
  time: Float64Array;
}

/**
 * Series by loss name. A Map, not an object: a loss may be called `toString` or `__proto__`,
 * which an object would confuse with (or turn into) its prototype.
 */
export type SeriesByName = ReadonlyMap<string, Series>;

/** The series of `name` in `series`, created empty when it has none yet. */
export function seriesFor(series: Map<string, Series>, name: string): Series {
  let s = series.get(name);
  if (!s) series.set(name, (s = emptySeries(name)));
  return s;
}

export function emptySeries(name: string, capacity = 256): Series {
  return {
    name,
    length: 0,
    step: new Float64Array(capacity),
    value: new Float32Array(capacity),
    weight: new Float32Array(capacity),
    raw: new Float32Array(capacity),
    time: new Float64Array(capacity),
  };
}

function grown<T extends Float32Array | Float64Array>(array: T, size: number): T {
  const next = new (array.constructor as new (n: number) => T)(size);
  next.set(array);
  return next;
}

/** Makes room for `capacity` values in all, at least doubling (so appends stay amortized O(1)). */
export function reserveSeries(s: Series, capacity: number): void {
  if (capacity <= s.step.length) return;
  const size = Math.max(256, s.step.length * 2, capacity);
  s.step = grown(s.step, size);
  s.value = grown(s.value, size);
  s.weight = grown(s.weight, size);
  s.raw = grown(s.raw, size);
  s.time = grown(s.time, size);
}

/** Appends one value; the arrays double when full. */
export function pushToSeries(s: Series, step: number, value: number, weight: number, raw: number, time: number): void {
  if (s.length === s.step.length) reserveSeries(s, s.length + 1);
  const i = s.length++;
  s.step[i] = step;
  s.value[i] = value;
  s.weight[i] = weight;
  s.raw[i] = raw;
  s.time[i] = time;
}
