// Node only (node:fs): keep this file out of any index the page or worker imports.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CheckpointError, parseCheckpoint, serializeCheckpoint, type Checkpoint } from './format';
import type { CheckpointStore } from './stores';

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

let tempCounter = 0;

/**
 * Keeps a run's checkpoint as `checkpoint.json` (the header) and `checkpoint.bin` (the
 * weights) in a directory. Each file is written to a temporary name and renamed over the old
 * one, the .bin first and the .json last, so a crash never leaves half a file; a crash between
 * the two renames leaves a pair whose checksums disagree, which `load()` reports.
 */
export class FileCheckpointStore implements CheckpointStore {
  readonly dir: string;
  readonly jsonPath: string;
  readonly binPath: string;

  /** @param dir the run's directory, e.g. `runs/exp1`; created when missing. */
  constructor(dir: string) {
    this.dir = dir;
    this.jsonPath = join(dir, 'checkpoint.json');
    this.binPath = join(dir, 'checkpoint.bin');
  }

  async save(checkpoint: Checkpoint): Promise<void> {
    const { json, weightData } = serializeCheckpoint(checkpoint);
    await mkdir(this.dir, { recursive: true }).catch((error: unknown) => this.fail('create', this.dir, error));
    await this.replace(this.binPath, new Uint8Array(weightData));
    await this.replace(this.jsonPath, json);
  }

  async load(): Promise<Checkpoint | null> {
    let json: string;
    try {
      json = await readFile(this.jsonPath, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return null;
      return this.fail('read', this.jsonPath, error);
    }
    const bin = await readFile(this.binPath).catch((error: unknown) => this.fail('read', this.binPath, error));
    // A Buffer may sit inside a larger pooled ArrayBuffer: take exactly its bytes.
    const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer;
    return parseCheckpoint(json, weightData, this.jsonPath);
  }

  async clear(): Promise<void> {
    // The header first: without it the directory holds no checkpoint, whatever happens next.
    for (const path of [this.jsonPath, this.binPath]) await rm(path, { force: true }).catch((error: unknown) => this.fail('delete', path, error));
  }

  private async replace(path: string, data: string | Uint8Array): Promise<void> {
    // Same directory as the target, so the rename stays on one file system and is atomic.
    const temp = `${path}.${process.pid}.${tempCounter++}.tmp`;
    try {
      await writeFile(temp, data);
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      this.fail('write', path, error);
    }
  }

  private fail(verb: string, path: string, error: unknown): never {
    throw new CheckpointError(`FileCheckpointStore: cannot ${verb} ${path} (${errorCode(error) ?? String(error)})`, { cause: error });
  }
}
