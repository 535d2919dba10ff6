// Node only (node:fs): keep this file out of any index the page or worker imports.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  appendToLossLog,
  checkLossLogChunks,
  emptyLossLog,
  LossLogError,
  parseLossLogText,
  serializeLossLog,
  setLossLogMeta,
  type LossLog,
  type LossLogChunk,
  type LossLogMeta,
} from './format';
import type { LossLogSink } from './sinks';

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

let tempCounter = 0;

/**
 * Writes NectarGAN's `loss_log.json`, so its tools can read our runs and we theirs. Like
 * NectarGAN's `_dump_to_log`, an append reads the file, extends the lists and writes it back;
 * the write goes to a temporary file that is then renamed over the log, so a crash mid-write
 * never leaves half a log. Appends from one sink run one at a time.
 */
export class FileLossLogSink implements LossLogSink {
  private queue: Promise<unknown> = Promise.resolve();

  /** The log file. */
  readonly path: string;

  /** @param path the log file, e.g. `runs/exp1/loss_log.json`; missing directories are created. */
  constructor(path: string) {
    this.path = path;
  }

  async append(chunks: Record<string, LossLogChunk>, meta?: Partial<LossLogMeta>): Promise<void> {
    checkLossLogChunks(chunks);
    return this.serialized(async () => {
      const log = await this.readLog();
      setLossLogMeta(log, meta);
      appendToLossLog(log, chunks);
      await this.write(serializeLossLog(log));
    });
  }

  /** The log in the file; `emptyLossLog()` when there is no file yet. */
  read(): Promise<LossLog> {
    return this.serialized(() => this.readLog());
  }

  /** Deletes the file. */
  clear(): Promise<void> {
    return this.serialized(async () => {
      try {
        await rm(this.path, { force: true });
      } catch (error) {
        throw new LossLogError(`FileLossLogSink: cannot delete ${this.path}: ${String(error)}`, { cause: error });
      }
    });
  }

  // Without the queue, two appends could both read the old file and the second write lose the first.
  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async readLog(): Promise<LossLog> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      // No file there (ENOTDIR: part of the path is a file): nothing logged yet. Writing will
      // then say what is wrong with the path.
      const code = errorCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') return emptyLossLog();
      throw new LossLogError(`FileLossLogSink: cannot read ${this.path}: ${String(error)}`, { cause: error });
    }
    return parseLossLogText(text, this.path);
  }

  private async write(text: string): Promise<void> {
    const dir = dirname(this.path);
    // Same directory as the log, so the rename stays on one file system and is atomic.
    const temp = `${this.path}.${process.pid}.${tempCounter++}.tmp`;
    try {
      await mkdir(dir, { recursive: true });
      await writeFile(temp, text, 'utf8');
      await rename(temp, this.path);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      const code = errorCode(error) ?? String(error);
      throw new LossLogError(`FileLossLogSink: cannot write ${this.path} (${code}): is ${dir} a writable directory?`, {
        cause: error,
      });
    }
  }
}
