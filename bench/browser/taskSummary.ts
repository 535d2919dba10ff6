// A window's main-thread tasks (from a Chrome trace) in the few numbers the bench reports.
import type { MainTask } from '../../test/e2e/mainThreadTasks';
import type { TaskSummary } from '../types';

/** The longest task by wall time and by CPU time (each the largest of any task), and how many went over 50 ms by each. */
export function summarizeTasks(tasks: readonly MainTask[]): TaskSummary {
  return {
    tasks: tasks.length,
    longestWallMs: tasks.reduce((m, t) => Math.max(m, t.wallMs), 0),
    longestCpuMs: tasks.reduce((m, t) => Math.max(m, t.cpuMs), 0),
    over50WallMs: tasks.filter((t) => t.wallMs > 50).length,
    over50CpuMs: tasks.filter((t) => t.cpuMs > 50).length,
  };
}
