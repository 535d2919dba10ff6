// The run list's files: a run's loss_log.json and CSV to save, a log to read (loss_log.json or
// MMagic's). The export and import modules load on first use: the loss log's schema (zod) would
// otherwise add ~100 kB to the page.
import type { RunMeta } from '../../state/runsStore';
import type { RunArchive } from '../runArchive';
import type { ImportedRun } from './exportRun';

const exportRun = () => import('./exportRun');
const importLog = () => import('./importLog');

/** A file for the user to save. */
export interface RunFile {
  readonly fileName: string;
  readonly mimeType: string;
  readonly text: string;
}

/** A file name from a run's name: letters, digits, '-', '_' and '.' kept, the rest '_'. */
export function fileStem(run: Pick<RunMeta, 'name' | 'number'>): string {
  // At most FILE_STEM_MAX characters (ASCII after the replace): file systems refuse names over
  // 255 bytes, and the suffixes ("_loss_log.json") come after it.
  const stem = run.name.trim().replace(/[^\w.-]+/g, '_').slice(0, FILE_STEM_MAX).replace(/^[_.]+|[_.]+$/g, '');
  return stem || `run_${run.number}`;
}

export const FILE_STEM_MAX = 100;

async function loaded(archive: RunArchive, id: string) {
  const run = await archive.load(id);
  if (!run) throw new Error('that run is no longer in the archive');
  return run;
}

/** Run `id` as NectarGAN's loss_log.json. */
export async function lossLogFile(archive: RunArchive, id: string): Promise<RunFile> {
  const { meta, series, alarms } = await loaded(archive, id);
  const { toLossLog } = await exportRun();
  return { fileName: `${fileStem(meta)}_loss_log.json`, mimeType: 'application/json', text: toLossLog(meta, series, alarms) };
}

/** Run `id`'s values as CSV. */
export async function csvFile(archive: RunArchive, id: string): Promise<RunFile> {
  const { meta, series } = await loaded(archive, id);
  const { toCsv } = await exportRun();
  return { fileName: `${fileStem(meta)}_losses.csv`, mimeType: 'text/csv', text: toCsv(series) };
}

/** A loss_log.json or MMagic log read for viewing, with a notice of lines skipped or null (throws a readable error for a file that is neither). */
export async function readLog(text: string, fileName: string): Promise<{ run: ImportedRun; notice: string | null }> {
  return (await importLog()).importedRunFromText(text, fileName);
}
