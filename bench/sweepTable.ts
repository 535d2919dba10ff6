// A sweep's wall time at each worker count, and the speed-up of the most workers over 1.
import type { SweepTimingRow } from './types';

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** `title` names the column of worker counts; each timed sweep is a row, then the speed-up line. */
export function sweepTable(rows: readonly SweepTimingRow[], title: string): string {
  const lines = rows.map((r) => `| ${r.workers} | ${r.variants} x ${r.steps} | ${r.status === 'ok' ? r.seconds.toFixed(1) : `${r.status}: ${r.note ?? ''}`} | ${r.load.join(' / ')} |`);
  const ok = rows.filter((r) => r.status === 'ok');
  const counts = [...new Set(ok.map((r) => r.workers))].sort((a, b) => a - b);
  const seconds = (n: number) => mean(ok.filter((r) => r.workers === n).map((r) => r.seconds));
  const most = counts.at(-1);
  const speedUp = counts[0] === 1 && most !== undefined && most > 1 ? `Speed-up of ${most} over 1 (mean wall times): ${(seconds(1) / seconds(most)).toFixed(2)}x.` : '';
  return [`| ${title} | variants x steps | wall s | load average before (1 / 5 / 15 min) |`, '|---|---|---|---|', ...lines, ...(speedUp ? ['', speedUp] : [])].join('\n');
}
