// Number and field formatting shared by the CSV files: a run's (exportRun.ts), a chart's
// (src/ui/charts/chartCsv.ts) and a sweep's summary (src/cli/sweep/summary.ts). No tfjs, no DOM, no zod: the charts' chunk imports it.

/**
 * The shortest decimal that reads back as the same float32: 0.7f is written 0.7, not
 * 0.699999988079071, and `Math.fround` of the written number is the stored value bit for bit.
 */
export function shortFloat32(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  for (let digits = 1; digits <= 9; digits++) {
    const short = Number(value.toPrecision(digits));
    if (Math.fround(short) === value) return short;
  }
  return value;
}

/** RFC 4180: quote a field holding a comma, quote or line break, doubling its quotes. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
