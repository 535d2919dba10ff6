// The alarms of a headless run: raised over each read-back (src/manager/alarms), printed as they
// come, one line each, and written into loss_log.json (LOSSMANAGER_LOG.alarms) with every
// append of the log.
import { alarmLine, alarmText } from '../manager/alarms/catalog';
import { AlarmDetector } from '../manager/alarms/detector';
import type { Alarm } from '../manager/alarms/types';
import type { HistoryColumns, LossLogSink } from '../manager';
import type { RunSettings } from '../protocol/messages';

export class CliAlarms {
  private readonly detector: AlarmDetector;
  private readonly print: (line: string) => void;
  private readonly raised: Alarm[] = [];
  /** How many alarms the log holds. */
  private written = 0;

  /** @param print writes one line (without its newline) where the user reads the run */
  constructor(settings: RunSettings, print: (line: string) => void) {
    this.detector = new AlarmDetector(settings.alarms, settings.spec);
    this.print = print;
  }

  get count(): number {
    return this.raised.length;
  }

  /** Takes a read-back's values; prints each alarm they raise. */
  observe(columns: HistoryColumns): void {
    for (const alarm of this.detector.observe(columns)) {
      this.raised.push(alarm);
      this.print(`alarm ${alarmLine(alarm)} Try: ${alarmText(alarm.kind).suggestion}`);
    }
  }

  /** `sink`, with the alarms so far added to the meta of each append. */
  logSink(sink: LossLogSink): LossLogSink {
    return {
      append: async (chunks, meta) => {
        const count = this.raised.length;
        await sink.append(chunks, count > 0 ? { ...meta, alarms: this.raised.slice() } : meta);
        this.written = count;
      },
      read: () => sink.read(),
      clear: () => sink.clear(),
    };
  }

  /** Writes the alarms the last append of the log did not carry (an append with no new values is skipped). */
  async finish(sink: LossLogSink): Promise<void> {
    if (this.written < this.raised.length) await this.logSink(sink).append({});
  }
}
