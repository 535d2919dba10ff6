// A console and test handle on the training worker until the real page (issue 5) drives it:
// `playground.start(settings)`, `playground.send(command)`, `playground.events`.
import { createTrainingClient, type TrainingClient } from '../client/trainingClient';
import { PROTOCOL_VERSION, type RunSettings, type TrainingCommand, type TrainingEvent } from '../protocol/messages';

export interface PlaygroundDebug {
  readonly events: TrainingEvent[];
  start(settings: RunSettings): void;
  send(command: TrainingCommand): void;
  subscribe(listener: (event: TrainingEvent) => void): () => void;
}

export function installDebugHook(target: { playground?: PlaygroundDebug }): PlaygroundDebug {
  const events: TrainingEvent[] = [];
  const listeners = new Set<(event: TrainingEvent) => void>();
  let client: TrainingClient | null = null;
  const ensure = () =>
    (client ??= createTrainingClient((event) => {
      events.push(event);
      listeners.forEach((listener) => listener(event));
    }));
  const debug: PlaygroundDebug = {
    events,
    start: (settings) => ensure().send({ type: 'start', version: PROTOCOL_VERSION, settings }),
    send: (command) => ensure().send(command),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  target.playground = debug;
  return debug;
}
