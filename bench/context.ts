// What every benchmark gets: the mode, a progress printer, and each case's FLOPs.
import type { CaseId, ForwardFlops } from './cases';

export interface BenchContext {
  readonly quick: boolean;
  /** Prints one progress line. */
  log(line: string): void;
  /** Forward FLOPs per sample of each case's networks. */
  readonly flops: Readonly<Record<CaseId, ForwardFlops>>;
  /** --cases: only these cases in the throughput sections (node, browser, torch, node-webgpu, torch-cuda); absent or null: all. */
  readonly cases?: ReadonlySet<CaseId> | null;
}

/** Whether --cases keeps case `id` (every case when it was not given). */
export const caseWanted = (ctx: Pick<BenchContext, 'cases'>, id: CaseId): boolean => !ctx.cases || ctx.cases.has(id);
/** The note of a row --cases left out. */
export const LEFT_OUT_BY_CASES = 'left out by --cases';

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
