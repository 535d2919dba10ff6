// Smoke check for the browser stack: tfjs + WebGPU backend inside a module worker.
// Reads back with `await t.data()`: a sync read (dataSync/arraySync) would stall the GPU queue.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu'; // registers the 'webgpu' backend as a side effect
import type { SmokeEvent } from '../protocol/messages';

async function runSmoke(): Promise<SmokeEvent> {
  try {
    // setBackend resolves to false (rather than throwing) when the backend cannot start.
    if (!(await tf.setBackend('webgpu'))) {
      return { type: 'failed', message: 'tf.setBackend("webgpu") returned false (no WebGPU adapter?)' };
    }
    await tf.ready();
    const t = tf.tidy(() => tf.sum(tf.tensor1d([1, 2, 3])));
    const [sum] = await t.data();
    t.dispose();
    return { type: 'ready', backend: tf.getBackend(), sum: sum ?? Number.NaN };
  } catch (error) {
    return { type: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
}

// The DOM lib types `self` as Window; in this file it is the worker's global scope.
const scope = self as unknown as DedicatedWorkerGlobalScope;
void runSmoke().then((event) => scope.postMessage(event));
