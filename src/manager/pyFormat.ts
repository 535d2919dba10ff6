/** Python's round(x, ndigits) for display: the nearest value with that many decimals. */
export function roundTo(value: number, precision: number): number {
  if (!Number.isFinite(value)) return value;
  return Number(value.toFixed(precision));
}

/**
 * A float as Python's str() writes it, so printed weights and losses read like NectarGAN's:
 * 100.0 rather than 100, 1e-05 rather than 0.00001, nan and inf.
 */
export function formatPyFloat(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (Number.isInteger(value) && Math.abs(value) < 1e16) return value.toFixed(1);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e16)) {
    // JS writes 1e-5; Python writes 1e-05 (at least two exponent digits).
    return value.toExponential().replace(/e([+-])(\d)$/, 'e$10$2').replace('e+', 'e+');
  }
  return String(value);
}
