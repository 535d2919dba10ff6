// A console and test handle on the running page: `playground.start(settings)` starts a run
// with any settings, `playground.send(command)` posts a raw command, `playground.events`
// keeps summaries of the latest events and `playground.subscribe` hands over whole events.
// The page's own controls use the same controller.
import type { Playground } from '../client/playground';
import type { RunSettings, TrainingCommand, TrainingEvent } from '../protocol/messages';
import { estimateBytes, summarizeEvent, type EventSummary } from './eventSummary';

/**
 * Events kept in `playground.events`: the newest this many. Unbounded, the log grew by ~10
 * history batches a second for as long as the page trained (hours: hundreds of MB and ever
 * longer garbage collections on the main thread).
 */
export const DEBUG_EVENTS_KEPT = 5000;

/**
 * Bytes of summaries kept, estimated (`estimateBytes`): a spec change with thousands of loss
 * names or a stream of long messages must not hold megabytes either.
 */
export const DEBUG_BYTES_KEPT = 2 * 1024 * 1024;

export interface PlaygroundDebug {
  /**
   * Summaries of the newest events, oldest first (payloads summarised: see eventSummary.ts):
   * fewer than twice `kept` and, once over `maxBytes`, trimmed to half of it (the newest is
   * always there). For the payloads themselves, `subscribe`.
   */
  readonly events: EventSummary[];
  readonly controller: Playground;
  start(settings: RunSettings): void;
  send(command: TrainingCommand): void;
  subscribe(listener: (event: TrainingEvent) => void): () => void;
}

export interface DebugHookLimits {
  /** @default DEBUG_EVENTS_KEPT */
  readonly kept?: number;
  /** @default DEBUG_BYTES_KEPT */
  readonly maxBytes?: number;
}

export function installDebugHook(target: { playground?: PlaygroundDebug }, controller: Playground, limits: DebugHookLimits = {}): PlaygroundDebug {
  const { kept = DEBUG_EVENTS_KEPT, maxBytes = DEBUG_BYTES_KEPT } = limits;
  const events: EventSummary[] = [];
  const sizes: number[] = [];
  let bytes = 0;
  let lastNames: readonly string[] | undefined;
  controller.subscribe((event) => {
    const summary = summarizeEvent(event, lastNames);
    if (summary.type === 'history') lastNames = summary.names;
    const size = estimateBytes(summary);
    events.push(summary);
    sizes.push(size);
    bytes += size;
    // Trimmed in chunks (a splice per event would move the whole array each time).
    if (events.length < 2 * kept && bytes <= maxBytes) return;
    let drop = Math.max(0, events.length - kept);
    let left = bytes;
    for (let i = 0; i < drop; i++) left -= sizes[i]!;
    while (drop < events.length - 1 && left > maxBytes / 2) left -= sizes[drop++]!;
    events.splice(0, drop);
    sizes.splice(0, drop);
    bytes = left;
  });
  const debug: PlaygroundDebug = {
    events,
    controller,
    start: (settings) => controller.start(settings),
    send: (command) => controller.send(command),
    subscribe: (listener) => controller.subscribe(listener),
  };
  target.playground = debug;
  return debug;
}
