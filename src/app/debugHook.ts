// A console and test handle on the running page: `playground.start(settings)` starts a run
// with any settings, `playground.send(command)` posts a raw command, `playground.events`
// keeps the latest events. The page's own controls use the same controller.
import type { Playground } from '../client/playground';
import type { RunSettings, TrainingCommand, TrainingEvent } from '../protocol/messages';

/**
 * Events kept in `playground.events`: the newest this many. Unbounded, the log grew by ~10
 * history batches a second for as long as the page trained (hours: hundreds of MB and ever
 * longer garbage collections on the main thread).
 */
export const DEBUG_EVENTS_KEPT = 5000;

export interface PlaygroundDebug {
  /** The newest events, oldest first: at least the last DEBUG_EVENTS_KEPT, fewer than twice that. */
  readonly events: TrainingEvent[];
  readonly controller: Playground;
  start(settings: RunSettings): void;
  send(command: TrainingCommand): void;
  subscribe(listener: (event: TrainingEvent) => void): () => void;
}

export function installDebugHook(target: { playground?: PlaygroundDebug }, controller: Playground, kept = DEBUG_EVENTS_KEPT): PlaygroundDebug {
  const events: TrainingEvent[] = [];
  controller.subscribe((event) => {
    events.push(event);
    // Trimmed in chunks (a splice per event would move the whole array each time).
    if (events.length >= 2 * kept) events.splice(0, events.length - kept);
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
