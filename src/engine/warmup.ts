import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../protocol/messages';

/** The flag that makes each backend compile shaders without running them, where it has one. */
const COMPILE_ONLY_FLAG: Partial<Record<BackendName, string>> = {
  webgpu: 'WEBGPU_ENGINE_COMPILE_ONLY',
  webgl: 'ENGINE_COMPILE_ONLY',
};

interface CompilingBackend {
  checkCompileCompletionAsync(): Promise<unknown>;
  /** WebGL only: uniform locations must be fetched once compilation has finished. */
  getUniformLocations?(): void;
}

export function hasParallelCompile(backend: BackendName): boolean {
  return COMPILE_ONLY_FLAG[backend] !== undefined;
}

/**
 * tfjs's parallel shader compilation: runs `step` with the backend in compile-only mode,
 * so every shader the step needs is handed to the driver at once instead of one by one as
 * the first real step meets them, then waits for the compiles to finish. `step` must run on
 * throwaway state: in compile-only mode kernels do not run, so their outputs are garbage.
 * Returns the milliseconds it took, or null where the backend has no such mode.
 */
export async function compileAhead(backend: BackendName, step: () => void, now: () => number = () => performance.now()): Promise<number | null> {
  const flag = COMPILE_ONLY_FLAG[backend];
  if (flag === undefined || tf.getBackend() !== backend) return null;
  const started = now();
  tf.env().set(flag, true);
  try {
    step();
  } finally {
    tf.env().set(flag, false);
  }
  const compiling = tf.backend() as unknown as CompilingBackend;
  await compiling.checkCompileCompletionAsync();
  compiling.getUniformLocations?.();
  return now() - started;
}
