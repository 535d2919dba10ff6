// Feature matrices for KID and FID: n rows of d values, row-major, read back from the device
// once per measurement and reduced in float64 in plain TypeScript (FID needs a matrix square
// root, which tfjs has no op for; KID's kernel sums are differences of large sums).

export interface Features {
  /** Always float64: one array type keeps the kernels' loops monomorphic. */
  readonly values: Float64Array;
  /** Rows (samples). */
  readonly n: number;
  /** Columns (feature units). */
  readonly d: number;
}

export function features(values: Float32Array | Float64Array | readonly number[], n: number, d: number): Features {
  if (!Number.isInteger(n) || !Number.isInteger(d) || n < 0 || d < 1 || values.length !== n * d) {
    throw new RangeError(`features: ${values.length} values are not ${n} rows of ${d}`);
  }
  return { values: values instanceof Float64Array ? values : Float64Array.from(values), n, d };
}

/** The rows at `rows`, as a new matrix. */
export function pickRows(f: Features, rows: readonly number[]): Features {
  const out = new Float64Array(rows.length * f.d);
  rows.forEach((r, i) => out.set(f.values.subarray(r * f.d, (r + 1) * f.d), i * f.d));
  return { values: out, n: rows.length, d: f.d };
}
