// The training worker: wires the engine's TrainingSession to this worker's global scope,
// nothing more. Commands arrive as messages; events go back with their buffers transferred.
import '../zodConfig'; // first: before any module builds a zod schema
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu'; // registers the 'webgpu' backend
import { browserEnvironment, chooseBackend } from '../engine/backend';
import { IndexedDbCheckpointStore } from '../engine/checkpoint';
import { initBundledWasmBackend } from '../engine/wasm/bundled';
import { describeWasmBackend } from '../engine/wasm/setup';
import { DEFAULT_WASM_THREADS, parseWasmThreads } from '../engine/wasm/threads';
import { isSweepWorker, threadsAskedIn } from '../protocol/workerName';
import { loadMnist } from '../engine/data';
import { fetchClassifierWeights } from '../engine/metrics/digitClassifierFile';
import { AdaptivePace } from '../engine/adaptivePace';
import { TrainingSession } from '../engine/session';
import { buildRunSetup } from '../engine/setup';
import type { TrainingCommand } from '../protocol/messages';

// The DOM lib types `self` as Window; in this file it is the worker's global scope.
const scope = self as unknown as DedicatedWorkerGlobalScope;

// The digits ship with the app (public/data); fetched same-origin, never from the network.
const appBase = new URL(import.meta.env.BASE_URL, scope.location.origin);

// The wasm binaries ship with the app (same origin), with this project's training kernels; the
// threaded SIMD binary where the page asks for threads (?threads=, this worker's name) and is
// cross-origin isolated, else the single-threaded SIMD one.
const threadsAsked = threadsAskedIn(scope.name);
const threadsParsed = threadsAsked === null ? null : parseWasmThreads(threadsAsked, '?threads=');
const threads = threadsParsed && 'threads' in threadsParsed ? threadsParsed.threads : DEFAULT_WASM_THREADS;
initBundledWasmBackend(threads, threadsParsed && 'problem' in threadsParsed ? `${threadsParsed.problem}, so ${threads} instead` : undefined);
const environment = browserEnvironment({ wasmDescription: describeWasmBackend });

// Tell the page at once which backend it would get (and why not a better one). A run's own
// choice waits for this probe: two backend initialisations at once left tfjs's compile-only
// warm-up skipped (compileMs null) in a browser test.
const probe = chooseBackend(undefined, environment).then(
  (choice) => scope.postMessage({ type: 'probed', ...choice }),
  (error: unknown) => scope.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
);

const session = new TrainingSession(
  { postMessage: (event, transfer) => scope.postMessage(event, transfer) },
  {
    chooseBackend: async (preferred) => {
      await probe;
      return chooseBackend(preferred, environment);
    },
    buildSetup: (settings) =>
      buildRunSetup(settings, { loadMnist: () => loadMnist({ base: appBase }), loadDigitClassifier: () => fetchClassifierWeights(appBase) }),
    // A worker that never idles can leave the page's compositor and GPU process too little CPU
    // on a machine with few cores (frames of 50-90 ms measured on 2): it rests only while the
    // page says its frames run late (the client's frame watch posts 'pageLate'), and only as
    // long as the page is seen to be late less often for it.
    pace: new AdaptivePace(),
    // One slot until the page keeps a list of runs: the latest run's checkpoint survives a reload.
    // A sweep's extra workers keep none: their saves would overwrite the page's own run's.
    ...(isSweepWorker(scope.name) ? {} : { checkpoints: new IndexedDbCheckpointStore('current-run') }),
    watchDeviceLoss: (onLost) => {
      const device = tf.getBackend() === 'webgpu' ? (tf.backend() as unknown as { device?: { lost: Promise<{ reason: string; message: string }> } }).device : undefined;
      let watching = true;
      void device?.lost.then((info) => watching && onLost(info.message || info.reason || 'unknown reason'));
      return () => (watching = false);
    },
  },
);

scope.onmessage = (message: MessageEvent<TrainingCommand>) => {
  void session.handle(message.data);
};

