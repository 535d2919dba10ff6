// What one GAN Lab default iteration costs on tfjs's webgl backend, measured where it runs (the
// probe's worker, or the page's main thread for a CPU profile): kernels per iteration
// (tf.profile), WebGL calls per iteration (the context's methods wrapped and counted), the
// JavaScript time of a step against its wall time, and iterations/s with read-backs at a
// chosen interval.
import * as tf from '@tensorflow/tfjs';
import { buildRunSetup } from '../../../src/engine/setup';
import { GanTrainer } from '../../../src/engine/trainer';
import { GAN_LAB_DEFAULT } from '../../cases';
import { peerLoop, type PeerLoop } from './peerLoop';

export interface ProbePlan {
  /** tf.env() flags set before the backend starts. */
  readonly flags: Readonly<Record<string, number | boolean>>;
  readonly backend: 'webgl' | 'cpu' | 'wasm';
  readonly warmup: number;
  /** Length of the timed window. */
  readonly windowMs: number;
  /** Read the recorded values back (trainer.flush) this often; 0: only at the end of the window. */
  readonly readEveryMs: number;
  /** Train the reference loop with GAN Lab's op structure (peerLoop.ts) instead of the engine's trainer. */
  readonly peer?: boolean;
}

export interface ProbeResult {
  readonly renderer: string | null;
  readonly flags: Record<string, unknown>;
  readonly kernels: number;
  readonly kernelNames: Record<string, number>;
  /** WebGL calls per iteration, by method (a flush included once per 10 iterations). */
  readonly glCalls: Record<string, number>;
  readonly programs: Record<string, number>;
  readonly uploads: Record<string, number>;
  readonly iterations: number;
  readonly wallMs: number;
  /** Milliseconds inside trainer.step() (enqueueing), over the window. */
  readonly stepMs: number;
  /** Milliseconds waiting in flush() over the window. */
  readonly flushMs: number;
  readonly flushes: number;
  readonly tfTime: { kernelMs: unknown; wallMs: number };
  readonly numTensors: number;
  /** Shader programs compiled during the timed window, by caller. */
  readonly compiles: Record<string, number>;
  readonly error?: string;
}

const COUNTED = ['drawArrays', 'drawElements', 'texImage2D', 'texSubImage2D', 'readPixels', 'fenceSync', 'clientWaitSync', 'getSyncParameter', 'getBufferSubData', 'compileShader', 'linkProgram', 'useProgram', 'flush', 'finish', 'bindFramebuffer', 'framebufferTexture2D', 'createTexture', 'deleteTexture', 'uniform1f', 'uniform1i', 'uniform1fv', 'uniform2fv', 'uniform4fv', 'uniform1iv', 'getError', 'bufferData'];

function countGlCalls(gl: WebGL2RenderingContext): { counts: Map<string, number>; restore(): void } {
  const counts = new Map<string, number>();
  const originals = new Map<string, unknown>();
  const target = gl as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of COUNTED) {
    const original = target[name];
    if (typeof original !== 'function') continue;
    originals.set(name, original);
    target[name] = function (this: unknown, ...args: unknown[]) {
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return original.apply(gl, args);
    };
  }
  return { counts, restore: () => originals.forEach((fn, name) => (target[name] = fn as never)) };
}

/** The peer loop behind the trainer's three calls the probe makes. */
function asTrainer(loop: PeerLoop): Pick<GanTrainer, 'step' | 'dispose'> & { flush(): Promise<unknown> } {
  return { step: () => loop.step(), flush: () => loop.read(), dispose: () => loop.dispose() };
}

(Error as { stackTraceLimit?: number }).stackTraceLimit = 60;

export async function probe(plan: ProbePlan, mark: (name: string) => void = () => {}): Promise<ProbeResult> {
  for (const [name, value] of Object.entries(plan.flags)) tf.env().set(name, value);
  await tf.setBackend(plan.backend);
  await tf.ready();
  const gl = plan.backend === 'webgl' ? ((tf.backend() as unknown as { gpgpu: { gl: WebGL2RenderingContext } }).gpgpu.gl) : null;
  const debug = gl?.getExtension('WEBGL_debug_renderer_info');
  const renderer = gl ? String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : null;
  const settings = { ...GAN_LAB_DEFAULT, backend: plan.backend };
  const setup = await buildRunSetup(settings, { loadMnist: () => Promise.reject(new Error('no MNIST in the probe')) });
  const trainer = plan.peer ? asTrainer(peerLoop(settings.batchSize)) : new GanTrainer({ ...settings, networks: setup.networks, data: setup.data });
  for (let i = 0; i < plan.warmup; i++) trainer.step();
  await trainer.flush();

  const profile = await tf.profile(() => trainer.step());
  await trainer.flush();
  const kernelNames: Record<string, number> = {};
  for (const k of profile.kernels) kernelNames[k.name] = (kernelNames[k.name] ?? 0) + 1;

  const glCalls: Record<string, number> = {};
  const programs: Record<string, number> = {};
  const uploads: Record<string, number> = {};
  if (gl) {
    const counter = countGlCalls(gl);
    const backend = tf.backend() as unknown as Record<string, (...args: never[]) => unknown>;
    const run = backend.runWebGLProgram!;
    const upload = backend.uploadToGPU!;
    backend.runWebGLProgram = function (this: unknown, ...args: never[]) {
      const program = args[0] as unknown as { constructor: { name: string }; packedInputs?: boolean; packedOutput?: boolean };
      const key = `${program.constructor.name}${program.packedOutput ? '(packed)' : ''}`;
      programs[key] = (programs[key] ?? 0) + 0.1;
      return run.apply(this, args);
    };
    backend.uploadToGPU = function (this: unknown, ...args: never[]) {
      const texData = (this as { texData: { get(id: unknown): { shape: number[]; texture?: unknown; values?: unknown } } }).texData.get(args[0]);
      if (texData.texture == null && texData.values != null) {
        // The first named caller outside tfjs's engine and backend, and the op that made the tensor.
        const frames = (new Error().stack ?? '').split('\n').slice(2).map((f) => f.trim().split(' ')[1] ?? '').filter((f) => /^[A-Za-z_$][\w$.]*$/.test(f) && !/^(backend|Engine|MathBackend|Array|scopedRun|forwardFunc|kernelFunc|runKernel|runWebGL|compileAndRun|executeKernel|Object)/.test(f));
        const key = `[${texData.shape.join(',')}] ${frames.slice(0, 8).join(' < ')}`;
        uploads[key] = (uploads[key] ?? 0) + 0.1;
      }
      return upload.apply(this, args);
    };
    for (let i = 0; i < 10; i++) trainer.step();
    await trainer.flush();
    counter.restore();
    backend.runWebGLProgram = run;
    backend.uploadToGPU = upload;
    for (const [name, n] of counter.counts) glCalls[name] = n / 10;
  }

  const timed = await tf.time(() => trainer.step());
  await trainer.flush();

  let iterations = 0;
  let stepMs = 0;
  let flushMs = 0;
  let flushes = 0;
  // Shader programs compiled inside the window (a shape not seen before), by the caller that asked.
  const compiles: Record<string, number> = {};
  const webgl = plan.backend === 'webgl' ? (tf.backend() as unknown as { binaryCache: Record<string, unknown>; getAndSaveBinary: (key: string, get: () => unknown) => unknown }) : null;
  const getBinary = webgl?.getAndSaveBinary;
  if (webgl && getBinary) {
    webgl.getAndSaveBinary = function (key, get) {
      if (!(key in webgl.binaryCache)) {
        const frames = (new Error().stack ?? '').split('\n').slice(2).map((f) => f.trim().split(' ')[1] ?? '').filter((f) => /^[A-Za-z_$][\w$.]*$/.test(f) && !/^(backend|Engine|MathBackend|Array|scopedRun|forwardFunc|kernelFunc|runKernel|runWebGL|compileAndRun|executeKernel|Object|getAndSaveBinary)/.test(f));
        const where = frames.slice(0, 6).join(' < ');
        compiles[where] = (compiles[where] ?? 0) + 1;
      }
      return getBinary.call(webgl, key, get);
    };
  }
  // The trace's window (bench/browser/gpuTrace.ts), marked where the iterations run.
  console.timeStamp('probe-start');
  mark('start');
  const started = performance.now();
  let lastRead = started;
  while (performance.now() - started < plan.windowMs) {
    const t0 = performance.now();
    trainer.step();
    const t1 = performance.now();
    stepMs += t1 - t0;
    iterations++;
    if (plan.readEveryMs > 0 && t1 - lastRead >= plan.readEveryMs) {
      lastRead = t1;
      await trainer.flush();
      flushMs += performance.now() - t1;
      flushes++;
    }
  }
  const t2 = performance.now();
  await trainer.flush();
  flushMs += performance.now() - t2;
  flushes++;
  const wallMs = performance.now() - started;
  if (webgl && getBinary) webgl.getAndSaveBinary = getBinary;
  console.timeStamp('probe-end');
  mark('end');
  const numTensors = tf.memory().numTensors;
  trainer.dispose();
  setup.models.dispose();
  const flags: Record<string, unknown> = {};
  for (const name of ['WEBGL_PACK', 'WEBGL_CPU_FORWARD', 'WEBGL_USE_SHAPES_UNIFORMS', 'WEBGL_FLUSH_THRESHOLD', 'WEBGL_VERSION', 'WEBGL_FENCE_API_VERSION', 'WEBGL_RENDER_FLOAT32_ENABLED', 'WEBGL_DOWNLOAD_FLOAT_ENABLED', 'WEBGL_EXP_CONV', 'CPU_HANDOFF_SIZE_THRESHOLD', 'WEBGL_DISJOINT_QUERY_TIMER_EXTENSION_RELIABLE']) {
    try {
      flags[name] = tf.env().get(name);
    } catch {
      flags[name] = 'n/a';
    }
  }
  return {
    renderer,
    flags,
    kernels: profile.kernels.length,
    kernelNames,
    glCalls,
    programs,
    uploads,
    iterations,
    wallMs,
    stepMs,
    flushMs,
    flushes,
    tfTime: { kernelMs: timed.kernelMs, wallMs: timed.wallMs },
    numTensors,
    compiles,
  };
}
