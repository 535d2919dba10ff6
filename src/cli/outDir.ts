import { access, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
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

/** An error with the path it happened at, for the one-line message. */
class FolderError extends Error {
  readonly code: string;
  readonly path: string;

  constructor(code: string, path: string) {
    super(`${code} at ${path}`);
    this.code = code;
    this.path = path;
  }
}

/**
 * `mkdir -p`, one level at a time: the nearest existing ancestor must be a writable folder, then
 * each missing level is one non-recursive mkdir. Node's recursive mkdir never returns on procfs
 * (`/proc/self/foo/bar`: mkdir there fails with ENOENT although the parent exists, and it retries
 * the parent forever at 100% CPU); here a level that cannot be made fails at once, by name.
 */
export async function makeFolder(dir: string): Promise<void> {
  const missing: string[] = [];
  let at = resolve(dir);
  for (;;) {
    const info = await stat(at).catch((error: unknown) => {
      // ENOTDIR: a file further up; walking on finds it.
      if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return null;
      throw new FolderError(errorCode(error), at);
    });
    if (info) {
      if (!info.isDirectory()) throw new FolderError('ENOTDIR', at);
      break;
    }
    missing.push(at);
    const parent = dirname(at);
    if (parent === at) throw new FolderError('ENOENT', at); // not even the root exists
    at = parent;
  }
  if (missing.length === 0) return;
  await access(at, constants.W_OK).catch((error: unknown) => {
    throw new FolderError(errorCode(error), at);
  });
  for (const level of missing.reverse()) {
    try {
      await mkdir(level);
    } catch (error) {
      // Made meanwhile by someone else: fine if it is a folder.
      if (errorCode(error) === 'EEXIST' && (await stat(level).then((info) => info.isDirectory(), () => false))) continue;
      throw new FolderError(errorCode(error), level);
    }
  }
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
    await makeFolder(paths.samples);
    await access(paths.dir, constants.W_OK);
    await writeFile(probe, '');
    await rm(probe, { force: true });
  } catch (error) {
    const code = error instanceof FolderError ? error.code : errorCode(error);
    const at = error instanceof FolderError ? error.path : paths.dir;
    const why = code === 'ENOTDIR' || code === 'EEXIST' ? `${code}: ${at} is a file` : at === paths.dir ? code : `${code} at ${at}`;
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
