import { describe, expect, it } from 'vitest';
import { summarizeTasks } from '../../bench/browser/taskSummary';
import { manyRunsLine } from '../../bench/report';

describe('the many-runs bench figures', () => {
  it('takes the longest wall and CPU time from any task and counts each over 50 ms', () => {
    const tasks = [
      { start: 0, wallMs: 300, cpuMs: 20 },
      { start: 5, wallMs: 60, cpuMs: 55 },
      { start: 9, wallMs: 50, cpuMs: 50 },
      { start: 12, wallMs: 3, cpuMs: 2.5 },
    ];
    // Wall over 50: 300 and 60; CPU over 50: 55 only (50 is not over).
    expect(summarizeTasks(tasks)).toEqual({ tasks: 4, longestWallMs: 300, longestCpuMs: 55, over50WallMs: 2, over50CpuMs: 1 });
    expect(summarizeTasks([])).toEqual({ tasks: 0, longestWallMs: 0, longestCpuMs: 0, over50WallMs: 0, over50CpuMs: 0 });
  });

  it('reports the first draw, both windows and the load average, or why it did not run', () => {
    const tasks = { tasks: 10, longestWallMs: 120, longestCpuMs: 31.5, over50WallMs: 3, over50CpuMs: 0 };
    const manyRuns = { status: 'ok', runs: 8, stepsPerRun: 100_000, firstDrawMs: 5400, load: tasks, interaction: { ...tasks, seconds: 12.2, tooltipRows: 8 } } as const;
    const load = [{ section: 'many-runs', before: [4.5, 4, 3], after: [5.25, 4, 3], seconds: 40 }];
    expect(manyRunsLine({ manyRuns, load })).toBe(
      'Many runs: 8 runs x 100,000 steps (3 losses each) overlaid (load average 4.5 before, 5.3 after): first draw 5400 ms after the reload ' +
        '(longest main-thread task 120 ms wall, 31.5 ms CPU; over 50 ms: 3 by wall time, 0 by CPU time); 12 s of hovering and zooming (8 tooltip rows): ' +
        'longest main-thread task 120 ms wall, 31.5 ms CPU; over 50 ms: 3 by wall time, 0 by CPU time.',
    );
    expect(manyRunsLine({ manyRuns: { status: 'failed', note: 'no page', runs: 8, stepsPerRun: 100_000 }, load: [] })).toBe('Many runs: 8 runs x 100,000 steps (3 losses each) overlaid: failed (no page)');
    expect(manyRunsLine({ load: [] })).toBeNull();
  });
});
