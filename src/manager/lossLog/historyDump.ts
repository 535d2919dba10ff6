// Moving full (or finished) histories into the loss log: one append per dump, the log's header
// with the first, and the histories cleared only once the sink has them.
import type { LMHistory } from '../lmHistory';
import { byName } from '../lossQueries';
import type { LossLogChunk, LossLogMeta } from './format';
import type { LossLogSink } from './sinks';

export class HistoryDump {
  private readonly sink: LossLogSink;
  /** The header's fields, until the first append writes them. */
  private meta: Partial<LossLogMeta> | null;

  constructor(sink: LossLogSink, meta: Partial<LossLogMeta>) {
    this.sink = sink;
    this.meta = meta;
  }

  /** Appends the named histories (empty ones skipped) to the sink, then clears them. */
  async append(histories: Iterable<readonly [string, LMHistory]>): Promise<void> {
    const chunks = byName<LossLogChunk>();
    const dumped: LMHistory[] = [];
    for (const [name, history] of histories) {
      if (history.length === 0) continue;
      const s = history.snapshot();
      chunks[name] = { loss: s.loss, weights: s.weights, steps: s.steps, raw: s.raw, time: s.time };
      dumped.push(history);
    }
    if (Object.keys(chunks).length === 0) return;
    await this.sink.append(chunks, this.meta ?? undefined);
    this.meta = null;
    for (const history of dumped) history.clear();
  }
}
