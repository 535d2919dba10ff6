/**
 * Progress of a headless run: a redrawn bar on a terminal (cli-progress), and where stdout
 * is a pipe or a CI log, one plain line per tenth of the run.
 */
import { SingleBar } from 'cli-progress';

/** Where text goes: process.stdout, or a fake in tests. */
export interface OutputStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface ProgressStats {
  readonly step: number;
  readonly stepsPerSecond: number;
  /** The generator's objective: the sum of the last values of its losses (weighted). */
  readonly G?: number | undefined;
  readonly D?: number | undefined;
}

export interface Progress {
  update(stats: ProgressStats): void;
  /** Prints a line of its own (above the bar, on a terminal). */
  log(line: string): void;
  stop(): void;
}

const show = (value: number | undefined) => (value === undefined ? '-' : Math.abs(value) >= 1e4 ? value.toExponential(2) : value.toFixed(4));
const speed = (stepsPerSecond: number) => stepsPerSecond.toFixed(stepsPerSecond < 10 ? 2 : 1);

/** A plain line every tenth of the run (10%, 20%, ... 100%), each at the first update past the mark. */
class LineProgress implements Progress {
  private nextTenth = 1;
  private readonly total: number;
  private readonly stream: OutputStream;

  constructor(total: number, stream: OutputStream) {
    this.total = total;
    this.stream = stream;
  }

  update({ step, stepsPerSecond, G, D }: ProgressStats): void {
    if (step < (this.total * this.nextTenth) / 10) return;
    while (this.nextTenth <= 10 && step >= (this.total * this.nextTenth) / 10) this.nextTenth++;
    const percent = Math.floor((100 * step) / this.total);
    this.stream.write(`step ${step}/${this.total} (${percent}%)  ${speed(stepsPerSecond)} steps/s  G ${show(G)}  D ${show(D)}\n`);
  }

  log(line: string): void {
    this.stream.write(`${line}\n`);
  }

  stop(): void {}
}

class BarProgress implements Progress {
  private readonly bar: SingleBar;
  private readonly stream: OutputStream;

  constructor(total: number, stream: OutputStream) {
    this.stream = stream;
    this.bar = new SingleBar({
      format: 'training |{bar}| {percentage}% | step {value}/{total} | {speed} steps/s | G {G} D {D} | ETA {eta_formatted}',
      barCompleteChar: '\u2588',
      barIncompleteChar: '\u2591',
      hideCursor: true,
      stream: stream as NodeJS.WritableStream,
    });
    this.bar.start(total, 0, { speed: '-', G: '-', D: '-' });
  }

  update({ step, stepsPerSecond, G, D }: ProgressStats): void {
    this.bar.update(step, { speed: speed(stepsPerSecond), G: show(G), D: show(D) });
  }

  /** Over the bar's line; the bar draws itself again below at its next update. */
  log(line: string): void {
    this.stream.write(`\r\x1b[2K${line}\n`);
  }

  stop(): void {
    this.bar.stop();
  }
}

/** A bar when `stream` is a terminal, else a line per 10%. */
export function createProgress(total: number, stream: OutputStream): Progress {
  return stream.isTTY ? new BarProgress(total, stream) : new LineProgress(total, stream);
}
