// A log file loaded into the run list, whichever it is: NectarGAN's loss_log.json (ours too),
// or MMagic's scalars.json / *.log.json (JSON lines). Loaded on first use, as exportRun is.
import { fromLossLog, type ImportedRun } from './exportRun';
import { isRecord } from '../../losses/isRecord';
import { showValue } from '../../losses/jsonText';
import { fromMMagicLog, parseJsonLine, sortByStep } from './mmagicLog';

/** How many skipped lines a notice lists before it counts the rest. */
const LISTED = 5;

/** True when the file is JSON lines: one of its first non-blank lines is a JSON object on its own that is no loss log. */
function isJsonLines(text: string): boolean {
  let seen = 0;
  for (const line of text.split('\n', 200)) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    if (++seen > 5) break;
    if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) continue;
    try {
      const value = parseJsonLine(trimmed);
      if (isRecord(value)) return !Object.hasOwn(value, 'LOSSMANAGER_LOG');
    } catch {
      // A broken line: the next lines decide.
    }
  }
  return false;
}

/** The run a file holds, and a notice of what was skipped (null when everything was read). */
export function importedRunFromText(text: string, fileName: string): { run: ImportedRun; notice: string | null } {
  if (!isJsonLines(text)) {
    const run = fromLossLog(text, fileName);
    // The charts, and the cut of a resume, read steps in order: a hand-joined log may go back.
    const back = [...run.series.values()].filter((s) => s.step.subarray(0, s.length).some((step, i, steps) => i > 0 && step < steps[i - 1]!));
    back.forEach(sortByStep);
    const names = back.slice(0, LISTED).map((s) => showValue(s.name)).join(', ') + (back.length > LISTED ? ` and ${back.length - LISTED} more` : '');
    return { run, notice: back.length === 0 ? null : `Loaded ${fileName}, but the steps of ${names} go back (a resumed or concatenated log): sorted by step.` };
  }
  const { run, problems, problemCount, lines } = fromMMagicLog(text, fileName);
  if (problemCount === 0) return { run, notice: null };
  const more = problemCount > LISTED ? `; and ${problemCount - LISTED} more` : '';
  return { run, notice: `Loaded ${fileName} (${lines} lines, ${run.series.size} series), but: ${problems.slice(0, LISTED).join('; ')}${more}.` };
}
