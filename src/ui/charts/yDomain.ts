export type Domain = readonly [number, number];

/**
 * A span under this share of its ends' magnitude is float noise, drawn as a flat line: a
 * gradient share of 1 - 2^-53 beside 1 is such a span, and whole steps of 10^-17 cannot walk
 * from 0.99999999999999989 to 1 (k + 1 rounds back to k past 2^53, so the tick loop never
 * ended: the page hung, then died with "Invalid array length").
 */
const LEAST_RELATIVE_SPAN = 1e-12;

/** More ticks than any axis labels: a bound on the tick loop whatever the domain. */
const MAX_TICKS = 1000;

/** Whether `[lo, hi]` is empty, or narrower than float noise at its magnitude. */
function flat(lo: number, hi: number): boolean {
  return !(hi - lo > LEAST_RELATIVE_SPAN * Math.max(Math.abs(lo), Math.abs(hi)));
}

/** Scratch for the order statistics, reused so a redraw does not allocate 400,000 doubles. */
let scratch = new Float64Array(0);

/**
 * Moves the `nth` smallest of `a[left..right]` to index `nth` (Hoare quickselect, expected
 * O(n)): the outlier bounds need two order statistics, and a sort would cost O(n log n).
 */
function selectNth(a: Float64Array, nth: number, left: number, right: number): number {
  while (left < right) {
    const pivot = a[(left + right) >> 1] as number;
    let i = left;
    let j = right;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i++] = a[j] as number;
        a[j--] = t;
      }
    }
    if (nth <= j) right = j;
    else if (nth >= i) left = i;
    else break; // nth sits among values equal to the pivot
  }
  return a[nth] as number;
}

/**
 * The y range TensorBoard uses with "Ignore outliers in chart scaling"
 * (tensorboard/webapp/widgets/line_chart_v2/line_chart_internal_utils.ts,
 * `computeDataSeriesExtent`): of the n finite values sorted ascending, from the one at index
 * ceil((n - 1) * (1 - q)) to the one at floor((n - 1) * q), with q = 0.95 as TensorBoard; with
 * 2 values or fewer, their min and max. Undefined when nothing is finite.
 *
 * @param sources every value the chart scales to (its main lines), each read in full
 * @param quantile upper quantile q; the lower is 1 - q @default 0.95
 * @param positiveOnly ignore y <= 0 too, for a log axis @default false
 */
export function outlierBounds(sources: readonly ArrayLike<number>[], quantile = 0.95, positiveOnly = false): Domain | undefined {
  let total = 0;
  for (const s of sources) total += s.length;
  if (scratch.length < total) scratch = new Float64Array(total);
  let n = 0;
  for (const s of sources) {
    for (let i = 0; i < s.length; i++) {
      const v = s[i] as number;
      if (Number.isFinite(v) && (!positiveOnly || v > 0)) scratch[n++] = v;
    }
  }
  if (n === 0) return undefined;
  const q = Math.min(1, Math.max(0.5, quantile));
  // Rounded so that q = 0.95 gives exactly 0.05, as TensorBoard's literal: 1 - 0.95 is
  // 0.050000000000000044 and would move ceil() up by one where (n - 1) * 0.05 is whole.
  const lowQ = Number((1 - q).toFixed(12));
  const lowNth = n > 2 ? Math.ceil((n - 1) * lowQ) : 0;
  const highNth = n > 2 ? Math.floor((n - 1) * q) : n - 1;
  const low = selectNth(scratch, lowNth, 0, n - 1);
  // After selecting lowNth, everything above it is >= it: search only there.
  const high = selectNth(scratch, highNth, lowNth, n - 1);
  return [low, high];
}

/** Min and max of the first `length` finite values, or undefined. O(length). */
export function extent(values: ArrayLike<number>, length = values.length): Domain | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/** Union of extents, skipping undefined ones. */
export function unionDomain(domains: readonly (Domain | undefined)[]): Domain | undefined {
  let out: Domain | undefined;
  for (const d of domains) if (d) out = out ? [Math.min(out[0], d[0]), Math.max(out[1], d[1])] : d;
  return out;
}

/**
 * Adds `fraction` of the span on both sides so a line does not run along the frame; a flat
 * line (span 0) gets ±10% of its value, or ±1 at zero, so the axis is never empty.
 * @param fraction padding on each side as a share of the span @default 0.05
 */
export function padDomain([lo, hi]: Domain, fraction = 0.05): Domain {
  const span = hi - lo;
  if (!flat(lo, hi)) return [lo - span * fraction, hi + span * fraction];
  const mid = lo + span / 2;
  const pad = mid === 0 ? 1 : Math.abs(mid) * 0.1;
  return [mid - pad, mid + pad];
}

/**
 * A domain a log axis can draw: both ends > 0, padded by a factor instead of a difference
 * (a difference would go negative below a small minimum). Expects positive data, as drawn
 * after `downsampleMinMax(..., { positiveOnly: true })`; undefined when there is none.
 * @param fraction padding on each side as a share of the span in decades @default 0.05
 */
export function logSafe(domain: Domain | undefined, fraction = 0.05): Domain | undefined {
  if (!domain || !(domain[1] > 0)) return undefined;
  const lo = domain[0] > 0 ? domain[0] : domain[1];
  const decades = Math.log10(domain[1]) - Math.log10(lo);
  const pad = decades > 0 ? decades * fraction : 0.1;
  return [lo / 10 ** pad, domain[1] * 10 ** pad];
}

/** The chart's note for points a log axis cannot show. Empty string when none were hidden. */
export function logNote(nonPositive: number): string {
  if (nonPositive === 0) return '';
  return `${nonPositive} point${nonPositive === 1 ? '' : 's'} <= 0 hidden on the log scale`;
}

/**
 * Ticks for a log axis: powers of ten, with 2x and 5x between when fewer than 3 fit, and the
 * linear nice ticks inside a range narrower than that (there a log axis is nearly linear).
 * recharts' own ticks for `scale="log"` come from its linear algorithm over the whole domain.
 */
export function logTicks([lo, hi]: Domain): number[] {
  if (!(lo > 0) || !(hi > lo) || !Number.isFinite(hi)) return [];
  const inside = (v: number) => v >= lo && v <= hi;
  const from = Math.floor(Math.log10(lo));
  const to = Math.ceil(Math.log10(hi));
  const decades: number[] = [];
  for (let k = from; k <= to; k++) decades.push(10 ** k);
  let ticks = decades.filter(inside);
  if (ticks.length < 3) ticks = decades.flatMap((d) => [d, 2 * d, 5 * d]).filter(inside);
  if (ticks.length < 3) ticks = niceLinear([lo, hi], 4).ticks.filter(inside);
  // Only the few ticks a chart's height can label: at most ~7, evenly thinned.
  const stride = Math.ceil(ticks.length / 7);
  return ticks.filter((_, i) => i % stride === 0);
}

/**
 * Rounds a linear domain out to whole tick steps (1, 2 or 5 x 10^k, about `count` ticks, as
 * d3's `nice()` that TensorBoard applies), and returns those ticks: labels like 0.4 and 0.6
 * instead of the padded data bounds 0.3715 and 1.445.
 * @param count about how many ticks @default 5
 */
export function niceLinear([lo, hi]: Domain, count = 5): { domain: Domain; ticks: number[] } {
  const span = hi - lo;
  if (!(span > 0) || !Number.isFinite(span)) return { domain: [lo, hi], ticks: [lo] };
  // Float noise wide: ticks around the middle, as for a flat line (the padded span is 20% of it).
  if (flat(lo, hi)) return niceLinear(padDomain([lo, hi]), count);
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const error = raw / power;
  const step = power * (error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.sqrt(2) ? 2 : 1);
  const first = Math.floor(lo / step);
  const last = Math.ceil(hi / step);
  // k * step, cleaned of binary noise (0.2 * 3 = 0.6000000000000001) by rounding to the step's digits.
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  const at = (k: number) => (digits <= 20 ? Number((k * step).toFixed(digits)) : k * step);
  if (!(last - first <= MAX_TICKS)) return { domain: [lo, hi], ticks: [lo, hi] };
  const ticks: number[] = [];
  for (let k = first; k <= last; k++) ticks.push(at(k));
  return { domain: [at(first), at(last)], ticks };
}
