// A console and test handle on the running page: `playground.start(settings)` starts a run
// with any settings, `playground.send(command)` posts a raw command, `playground.events`
// keeps every event. The page's own controls use the same controller.
import type { Playground } from '../client/playground';
import type { RunSettings, TrainingCommand, TrainingEvent } from '../protocol/messages';

export interface PlaygroundDebug {
  readonly events: TrainingEvent[];
  readonly controller: Playground;
  start(settings: RunSettings): void;
  send(command: TrainingCommand): void;
  subscribe(listener: (event: TrainingEvent) => void): () => void;
}

export function installDebugHook(target: { playground?: PlaygroundDebug }, controller: Playground): PlaygroundDebug {
  const events: TrainingEvent[] = [];
  controller.subscribe((event) => events.push(event));
  const debug: PlaygroundDebug = {
    events,
    controller,
    start(settings) {
      controller.stores.settings.getState().update(settings);
      controller.start();
    },
    send: (command) => controller.send(command),
    subscribe: (listener) => controller.subscribe(listener),
  };
  target.playground = debug;
  return debug;
}
