/**
 * The final value of a per-step series: the mean of its last 10% of values, at least 1 and at
 * most 100. A GAN's per-step losses oscillate by design; one last value would rank variants by
 * noise, a mean over the end of the run ranks them by where they ended up. Pure, so the CLI's
 * summary and the page's sweep table compute it alike.
 */
export function finalValue(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const n = Math.min(100, Math.max(1, Math.ceil(values.length / 10)));
  const tail = values.slice(-n);
  return tail.reduce((sum, v) => sum + v, 0) / tail.length;
}
