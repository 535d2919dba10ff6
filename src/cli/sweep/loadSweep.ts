// A sweep file read, its base resolved as the CLI's --spec resolves one, and expanded into
// variants: what a sweep trains (runSweep.ts) and what --export-mmagic writes (../exportMMagic.ts).
import { dirname, resolve } from 'node:path';
import type { CliBackend } from '../args';
import { CliError, EXIT } from '../errors';
import { resolveRunSettings } from '../settings';
import { expandSweep, parseSweepFile, SweepError, type SweepFile, type Variant } from './sweepFile';
import { readTextFile } from '../readTextFile';

export interface LoadedSweep {
  readonly file: SweepFile;
  readonly variants: Variant[];
}

/** Reads and expands a sweep file; every problem is a CliError (exit 2) naming the file and the field. */
export async function loadSweep(path: string, backend?: CliBackend): Promise<LoadedSweep> {
  let file: SweepFile;
  try {
    file = parseSweepFile(JSON.parse(await readTextFile(path)));
  } catch (error) {
    if (error instanceof SweepError || error instanceof SyntaxError) throw new CliError(EXIT.usage, `${path}: ${error.message}`);
    throw new CliError(EXIT.usage, `${path}: cannot read it (${(error as Error).message})`);
  }
  // The base as --spec takes it: a built-in name, a file beside the sweep file, or inline
  // settings, read under the name `<sweep file>#base` (so messages point into the sweep file).
  const inline = `${resolve(path)}#base`;
  let spec = typeof file.base === 'string' ? file.base : inline;
  if (typeof file.base === 'string' && file.base.endsWith('.json')) spec = resolve(dirname(path), file.base);
  const read = (p: string) => (p === inline ? Promise.resolve(JSON.stringify(file.base)) : readTextFile(p));
  const options = { spec, steps: file.steps, backend: backend ?? 'cpu', out: dirname(path), samplesEvery: 0, checkpointEvery: 0, overwrite: false } as const;
  const { settings: base } = await resolveRunSettings(options, read);
  try {
    return { file, variants: expandSweep(file, base) };
  } catch (error) {
    if (error instanceof SweepError) throw new CliError(EXIT.usage, `${path}: ${error.message}`);
    throw error;
  }
}
