import { describe, expect, it } from 'vitest';
import { sweepTable } from '../../bench/sweepTable';
import type { SweepTimingRow } from '../../bench/types';

const row = (workers: number, seconds: number, status: SweepTimingRow['status'] = 'ok'): SweepTimingRow => ({ where: 'cli', workers, variants: 4, steps: 300, seconds, load: [1, 2, 3], status });

describe('the sweep timing table', () => {
  it('lists each timed sweep and gives the speed-up of the most workers over 1 from the mean wall times', () => {
    const text = sweepTable([row(1, 40), row(2, 30), row(2, 20), row(1, 60), row(2, 999, 'failed')], '--jobs');
    expect(text.split('\n').filter((l) => l.startsWith('| 1 |') || l.startsWith('| 2 |'))).toHaveLength(5);
    expect(text).toContain('| 1 | 4 x 300 | 40.0 | 1 / 2 / 3 |');
    // Means 50 s and 25 s (the failed run left out): 2x.
    expect(text).toContain('Speed-up of 2 over 1 (mean wall times): 2.00x.');
  });

  it('gives no speed-up without a 1-worker and a many-worker figure', () => {
    expect(sweepTable([row(2, 10)], '--jobs')).not.toContain('Speed-up');
    expect(sweepTable([row(1, 10), row(2, 5, 'failed')], '--jobs')).not.toContain('Speed-up');
  });
});
