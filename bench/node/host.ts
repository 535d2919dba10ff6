// The Node side's backends and data, as `npm run train` gets them.
import * as tf from '@tensorflow/tfjs';
import { startBackend } from '../../src/cli/backend';
import type { MnistData } from '../../src/engine/data';
import { loadMnistFile } from '../../src/engine/data/mnistFile';
import { buildModels, type ModelConfig } from '../../src/engine/models';
import { buildRunSetup, type DataHost, type RunSetup } from '../../src/engine/setup';
import type { RunSettings } from '../../src/protocol/messages';
import type { ForwardFlops } from '../cases';

export const NODE_BACKENDS = ['cpu', 'wasm'] as const;
export type NodeBackend = (typeof NODE_BACKENDS)[number];

let mnist: Promise<MnistData> | null = null;

/** The digits from public/data (built by `npm run data:mnist`), read once. */
export const nodeDataHost: DataHost = {
  loadMnist: () => (mnist ??= loadMnistFile()),
};

/** wasm's threads as last started here (the binary and threads are fixed when it starts). */
let wasmThreads = 1;

/**
 * Switches tfjs to a backend (wasm: the engine's Node setup, with its training kernels), on
 * wasm with `threads` threads: a different count restarts wasm on the other binary.
 */
export async function useBackend(name: NodeBackend, threads = 1): Promise<void> {
  if (name === 'wasm' && wasmThreads !== threads && tf.findBackendFactory('wasm') != null) {
    // Also drops the running wasm backend and its tensors (the caller disposed of its own).
    tf.removeBackend('wasm');
  }
  if (tf.getBackend() === name) return;
  await startBackend(name, undefined, threads);
  if (name === 'wasm') wasmThreads = threads;
}

export function buildSetup(settings: RunSettings): Promise<RunSetup> {
  return buildRunSetup(settings, nodeDataHost);
}

/** buildModels' forward FLOPs per sample for a run's model. */
export function forwardFlops(settings: RunSettings): ForwardFlops {
  const models = buildModels({ ...settings.model, family: settings.family, seed: settings.seed } as ModelConfig);
  try {
    return models.flops;
  } finally {
    models.dispose();
  }
}

export const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));
