// Before a run starts: which backend trains it (a software WebGPU or WebGL is measured against
// the alternatives) and the first step's shaders compiled ahead. Each uses throwaway copies of
// the run, so the real run starts from its own fresh weights.
import type { BackendName, RunSettings } from '../protocol/messages';
import { GanTrainer } from './trainer';
import { compileAhead, hasParallelCompile } from './warmup';
import type { BackendChoice, SessionHost } from './sessionHost';

/** What a software WebGPU or WebGL is measured against (WebGL against itself), for the model a run trains. */
export const MEASURED_ALTERNATIVES: readonly BackendName[] = ['wasm', 'webgl'];

type Host = Pick<SessionHost, 'chooseBackend' | 'buildSetup'>;

/** Runs `use` on a trainer of throwaway copies of the run's networks and data, then frees them all. */
async function withScratchTrainer<T>(host: Host, settings: RunSettings, use: (trainer: GanTrainer) => Promise<T>): Promise<T> {
  const scratch = await host.buildSetup(settings);
  const trainer = new GanTrainer({ ...settings, networks: scratch.networks, data: scratch.data });
  try {
    return await use(trainer);
  } finally {
    trainer.dispose();
    scratch.networks.generator.dispose();
    scratch.networks.discriminator.dispose();
  }
}

/**
 * WebGPU or WebGL on a software renderer is a GPU emulated on the CPU; for most models wasm
 * (or WebGL, against a software WebGPU) is faster there. Each alternative trains this run's model for one warm-up step and
 * one timed step (on throwaway copies); the fastest runs the real thing, and the reasons say
 * what was measured. A forced backend (the page's select, ?backend=) is never second-guessed.
 */
export async function pickByMeasurement(host: Host, settings: RunSettings, first: BackendChoice, now: () => number): Promise<BackendChoice> {
  const figures: { backend: BackendName; stepsPerSecond: number }[] = [];
  const failures: string[] = [];
  for (const candidate of MEASURED_ALTERNATIVES) {
    try {
      const started = await host.chooseBackend(candidate);
      if (started.backend !== candidate) continue;
      figures.push({ backend: candidate, stepsPerSecond: await measureSteps(host, settings, now) });
    } catch (error) {
      failures.push(`${candidate}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  // Reported in the order measured; the fastest is picked from a sorted copy.
  const measured = figures.map((f) => `${f.backend} ${f.stepsPerSecond.toFixed(2)} steps/s`).join(', ');
  const best = [...figures].sort((a, b) => b.stepsPerSecond - a.stepsPerSecond)[0];
  if (!best) {
    await host.chooseBackend(first.backend);
    return { ...first, reasons: [...first.reasons, ...failures.map((f) => `measuring ${f}`)] };
  }
  const chosen = await host.chooseBackend(best.backend);
  const what = first.backend === 'webgpu' ? 'the only adapter is a software one' : 'the renderer is a software one';
  return {
    ...chosen,
    reasons: [
      ...first.reasons,
      `${first.backend}: ${what} (${first.adapter ?? 'emulated on the CPU'}), so this model was measured on the alternatives: ${measured}; using ${best.backend}`,
      ...failures.map((f) => `measuring ${f}`),
    ],
  };
}

/** Steps per second of this run's model on the current backend: one warm-up step, then one timed. */
function measureSteps(host: Host, settings: RunSettings, now: () => number): Promise<number> {
  return withScratchTrainer(host, settings, async (trainer) => {
    trainer.step();
    await trainer.flush();
    const started = now();
    trainer.step();
    await trainer.flush();
    return 1000 / Math.max(now() - started, 1e-3);
  });
}

/**
 * Compiles the first step's shaders in parallel on a throwaway copy of the run (its outputs
 * are garbage in compile-only mode), so the real first step finds them ready. Null where the
 * backend cannot compile ahead.
 */
export async function compileFirstStep(host: Host, settings: RunSettings, backend: BackendName, now: () => number): Promise<number | null> {
  if (!hasParallelCompile(backend)) return null;
  return withScratchTrainer(host, settings, (trainer) => compileAhead(backend, () => trainer.step(), now));
}
