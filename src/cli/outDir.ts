import { access, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliError, EXIT } from './errors';

/** What a run writes into its --out folder. */
export interface RunPaths {
  readonly dir: string;
  /** NectarGAN's loss_log.json. */
  readonly log: string;
  readonly samples: string;
  /** checkpoint.json and checkpoint.bin (FileCheckpointStore) lie in `dir`. */
  readonly checkpointJson: string;
}

export function runPaths(outDir: string): RunPaths {
  const dir = resolve(outDir);
  return { dir, log: join(dir, 'loss_log.json'), samples: join(dir, 'samples'), checkpointJson: join(dir, 'checkpoint.json') };
}

/** step-000123.png: names sort by step. */
export function sampleFileName(step: number): string {
  return `step-${String(step).padStart(6, '0')}.png`;
}

const SAMPLE_FILE = /^step-\d+\.png$/;

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code ?? String(error);

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/**
 * Makes the folder (and samples/) and proves it writable before any training, so a typo in
 * --out costs nothing. A previous run's log would be appended to (NectarGAN's log is
 * append-only), so an occupied folder is refused unless `overwrite`, which removes the log,
 * the checkpoint and the sample PNGs, nothing else.
 */
export async function prepareOutDir(outDir: string, overwrite: boolean): Promise<RunPaths> {
  const paths = runPaths(outDir);
  const probe = join(paths.dir, `.write-test-${process.pid}`);
  try {
    await mkdir(paths.samples, { recursive: true });
    await access(paths.dir, constants.W_OK);
    await writeFile(probe, '');
    await rm(probe, { force: true });
  } catch (error) {
    const code = errorCode(error);
    const why = code === 'ENOTDIR' || code === 'EEXIST' ? `${code}: part of that path is a file` : code;
    throw new CliError(EXIT.usage, `--out: cannot write to the folder ${paths.dir} (${why})`, { cause: error });
  }
  const previous = [];
  for (const path of [paths.log, paths.checkpointJson]) if (await exists(path)) previous.push(path);
  if (previous.length === 0) return paths;
  if (!overwrite) {
    throw new CliError(
      EXIT.usage,
      `--out: ${paths.dir} already holds a run (${previous.map((p) => p.slice(paths.dir.length + 1)).join(', ')}); choose another folder, or pass --overwrite to replace it`,
    );
  }
  const samples = (await readdir(paths.samples)).filter((name) => SAMPLE_FILE.test(name)).map((name) => join(paths.samples, name));
  for (const path of [paths.log, paths.checkpointJson, join(paths.dir, 'checkpoint.bin'), ...samples]) await rm(path, { force: true });
  return paths;
}
