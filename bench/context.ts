// What every benchmark gets: the mode, a progress printer, and each case's FLOPs.
import type { CaseId, ForwardFlops } from './cases';

export interface BenchContext {
  readonly quick: boolean;
  /** Prints one progress line. */
  log(line: string): void;
  /** Forward FLOPs per sample of each case's networks. */
  readonly flops: Readonly<Record<CaseId, ForwardFlops>>;
}

export const fmt = {
  rate: (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 0.1 ? x.toFixed(2) : x.toPrecision(2)),
  flops: (x: number) => {
    const units: [number, string][] = [
      [1e12, 'T'],
      [1e9, 'G'],
      [1e6, 'M'],
      [1e3, 'k'],
    ];
    for (const [scale, unit] of units) if (x >= scale) return `${(x / scale).toPrecision(3)} ${unit}`;
    return x.toPrecision(3);
  },
  percent: (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}%`,
  ms: (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1)),
};
