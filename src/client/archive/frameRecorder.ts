// Keeps each run's preview frames (samples over time) on the page and in the runs database:
// every preview joins the frames store (thinned there), the run being recorded writes what
// changed every few seconds, and a run shown from the archive (opened, or reopened after a
// reload) brings its stored frames back.
import type { SamplesMessage } from '../../protocol/messages';
import type { FramesStore } from '../../state/framesStore';
import type { RunsStore } from '../../state/runsStore';
import type { RunArchive } from '../runArchive';
import { loadFrames, writeFrames } from './frameStore';

export interface FrameRecorder {
  /** A preview arrived: kept on the page, and stored with the run being recorded. */
  onSamples(samples: SamplesMessage): void;
  /** A new run starts: its frames start empty. */
  onStart(): void;
  /** Writes what is not stored yet; resolves once it is (and once a run's frames have loaded). */
  flush(): Promise<void>;
}

export interface FrameRecorderOptions {
  /** Least time between two writes of a run's frames. @default 2000 */
  readonly syncIntervalMs?: number;
  /** A write or read failed; the frames on the page stay. @default console.error */
  readonly onError?: (error: unknown) => void;
}

export function createFrameRecorder(
  stores: { readonly runs: RunsStore; readonly frames: FramesStore },
  archive: RunArchive | null,
  { syncIntervalMs = 2000, onError = console.error }: FrameRecorderOptions = {},
): FrameRecorder {
  const { runs, frames } = stores;
  /** The run whose frames the store holds, and the steps of them already in the database. */
  let shown = runs.getState().currentRunId;
  let stored = new Set<number>();
  /** False until the shown run's stored frames have loaded: a write before would not know what to delete. */
  let loaded = shown === null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** Reads and writes, one after another. */
  let chain: Promise<void> = Promise.resolve();
  const queue = (job: () => Promise<void>) => (chain = chain.then(job).catch(onError));

  const recording = () => archive !== null && shown !== null && runs.getState().live && runs.getState().currentRunId === shown;

  /** Writes the difference between the frames on the page and those stored, for the shown run. */
  function sync(): void {
    if (!archive || shown === null || !loaded) return;
    const id = shown;
    const now = frames.getState().frames;
    const keep = new Set(now.map((f) => f.step));
    const put = now.filter((f) => !stored.has(f.step));
    const drop = [...stored].filter((step) => !keep.has(step));
    stored = keep;
    queue(async () => {
      const db = await archive.database();
      if (await writeFrames(db, id, put, drop)) return;
      // Not stored yet (a run's first write waits for the archive's timer): store it, then
      // the frames. Still not there: it was deleted, and its frames go with it.
      await archive.flush();
      await writeFrames(db, id, put, drop);
    });
  }

  function schedule(): void {
    if (timer !== null) return;
    timer = setTimeout(() => {
      timer = null;
      if (!loaded) schedule();
      else if (recording()) sync();
    }, syncIntervalMs);
  }

  function stopTimer(): boolean {
    if (timer === null) return false;
    clearTimeout(timer);
    timer = null;
    return true;
  }

  runs.subscribe((state, previous) => {
    if (state.currentRunId === previous.currentRunId) return;
    // The run being left writes its last frames first.
    if (stopTimer() && previous.live) sync();
    shown = state.currentRunId;
    stored = new Set();
    frames.getState().reset();
    const id = shown;
    // A run made current while live is new (a start, a restore into a run of its own): nothing stored to read.
    loaded = id === null || archive === null || state.live;
    if (loaded) return;
    queue(async () => {
      const found = await loadFrames(await archive!.database(), id!);
      if (shown !== id) return; // another run was shown meanwhile
      stored = new Set(found.map((f) => f.step));
      frames.getState().load(found);
      loaded = true;
      if (recording()) sync();
    });
  });

  return {
    onSamples(samples) {
      frames.getState().push(samples);
      if (recording()) schedule();
    },
    onStart() {
      frames.getState().reset();
    },
    flush() {
      if (stopTimer() && recording()) sync();
      return chain;
    },
  };
}
