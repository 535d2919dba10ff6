// When the training loop waits, besides its yield between steps: the speed cap a person sets
// ('setSpeed': each step fills its time slot) and the pace that leaves the CPU to the page while
// its frames run late ('pageLate', src/engine/adaptivePace.ts). Both are timers, so commands
// still arrive during a wait and apply at the next step.
import type { PaceControl } from './adaptivePace';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class SessionPacing {
  /** Minimum milliseconds per step (0: flat out). */
  private minStepMs = 0;
  private readonly pace: PaceControl | undefined;
  private readonly now: () => number;

  constructor(pace: PaceControl | undefined, now: () => number) {
    this.pace = pace;
    this.now = now;
  }

  /** Caps the speed (null: flat out); throws on anything but a positive number. */
  setSpeed(stepsPerSecond: number | null): void {
    if (stepsPerSecond !== null && !(stepsPerSecond > 0)) throw new Error(`speed must be a positive number of steps per second, got ${stepsPerSecond}`);
    this.minStepMs = stepsPerSecond === null ? 0 : 1000 / stepsPerSecond;
  }

  /** The page's frame ran `frameMs` late; throws on anything but a positive finite number. */
  late(frameMs: number): void {
    this.pace?.late(frameMs, this.now());
  }

  /** Before a step: the pace's rest, if one is due. */
  async beforeStep(): Promise<void> {
    const rest = this.pace?.restDue(this.now()) ?? 0;
    if (rest > 0) await sleep(rest);
  }

  /** After a step that began at `started`: the rest of its time slot under a speed cap. */
  async afterStep(started: number): Promise<void> {
    const wait = this.minStepMs - (this.now() - started);
    if (wait > 0) await sleep(wait);
  }
}
