// The run's progress as the page's status line shows it: step, epoch, steps per second since
// the last report, each network's update time, and tfjs's memory (tensors, bytes).
import * as tf from '@tensorflow/tfjs';
import type { TrainingEvent } from '../protocol/messages';
import type { GanTrainer } from './trainer';

export class ProgressMeter {
  private last = 0;
  private lastStep = 0;
  private readonly intervalMs: number;

  constructor(intervalMs: number) {
    this.intervalMs = intervalMs;
  }

  isDue(now: number): boolean {
    return now - this.last >= this.intervalMs;
  }

  /** The progress event at `now`; the rate counts the steps since the previous event. */
  event(trainer: GanTrainer, now: number): TrainingEvent {
    const elapsed = Math.max(now - this.last, 1);
    const steps = trainer.iteration - this.lastStep;
    this.last = now;
    this.lastStep = trainer.iteration;
    const memory = tf.memory();
    return {
      type: 'progress',
      progress: {
        step: trainer.iteration,
        epoch: trainer.epoch,
        stepsPerEpoch: trainer.stepsPerEpoch,
        stepsPerSecond: (steps * 1000) / elapsed,
        phaseMs: trainer.takePhaseTimes(),
        numTensors: memory.numTensors,
        numBytes: memory.numBytes,
        numBytesInGPU: (memory as { numBytesInGPU?: number }).numBytesInGPU ?? null,
      },
    };
  }
}
