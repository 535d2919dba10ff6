import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../protocol/messages';
import type { BackendChoice } from './session';

/** Best first: WebGPU, then WebGL, then wasm, then the plain-JS cpu backend. */
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** What the environment offers; injected so the order and the reasons are testable in Node. */
export interface BackendEnvironment {
  /** navigator.gpu, where it exists. */
  readonly gpu?: { requestAdapter(): Promise<{ info?: AdapterInfo } | null> } | undefined;
  isRegistered(name: BackendName): boolean;
  setBackend(name: BackendName): Promise<boolean>;
  /** The renderer behind the webgl backend once it started (unmasked where the browser allows); null if unknown. */
  webglRenderer?(): string | null;
  /** The wasm backend's binary and threads once it started ("threaded SIMD, 4 threads"); null if unknown. */
  wasmDescription?(): string | null;
}

/** The browser's backends; `wasmDescription` comes from the wasm setup, which this module does not import. */
export function browserEnvironment(extra: Pick<BackendEnvironment, 'wasmDescription'> = {}): BackendEnvironment {
  const nav = (globalThis as { navigator?: { gpu?: BackendEnvironment['gpu'] } }).navigator;
  return {
    gpu: nav?.gpu,
    isRegistered: (name) => tf.findBackendFactory(name) != null,
    setBackend: (name) => tf.setBackend(name),
    webglRenderer: () => webglRendererOf(tf.backend()),
    ...extra,
  };
}

/** The WebGL renderer string of tfjs's webgl backend, e.g. "ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device ...". */
function webglRendererOf(backend: unknown): string | null {
  const gl = (backend as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl;
  if (!gl) return null;
  try {
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer: unknown = gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
    return typeof renderer === 'string' ? renderer : null;
  } catch {
    return null;
  }
}

interface AdapterInfo {
  vendor?: string;
  architecture?: string;
  description?: string;
  /** Chrome's flag for an adapter that emulates a GPU on the CPU. */
  isFallbackAdapter?: boolean;
}

/** A GPU emulated on the CPU, by its name: SwiftShader, Mesa's llvmpipe and lavapipe, Microsoft's Basic Render Driver. */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|lavapipe|software|basic render/i;

/**
 * True for WebGPU on the CPU (SwiftShader, llvmpipe): real WebGPU, but slower than wasm or
 * WebGL for most models, so it is measured against them before it is used.
 */
export function isSoftwareAdapter(info: AdapterInfo | undefined): boolean {
  if (info?.isFallbackAdapter) return true;
  return SOFTWARE_RENDERER.test([info?.vendor, info?.architecture, info?.description].join(' '));
}

/** True for a WebGL renderer string of a GPU emulated on the CPU (in Chromium without a GPU: SwiftShader). */
export function isSoftwareRenderer(renderer: string | null | undefined): boolean {
  return renderer != null && SOFTWARE_RENDERER.test(renderer);
}

function describeAdapter(info: AdapterInfo | undefined): string {
  const parts = [info?.vendor, info?.architecture, info?.description].filter((p) => p !== undefined && p !== '');
  return parts.length > 0 ? parts.join(' / ') : 'unknown adapter';
}

/**
 * Picks the best backend that starts, saying why each better one did not: no WebGPU in this
 * browser, no adapter, not in this build, failed to initialise. A forced backend is tried
 * first; if it cannot start, the order continues and the reasons say so.
 */
export async function chooseBackend(preferred?: BackendName, env: BackendEnvironment = browserEnvironment()): Promise<BackendChoice> {
  const order = preferred ? [preferred, ...BACKEND_ORDER.filter((b) => b !== preferred)] : BACKEND_ORDER;
  const reasons: string[] = [];
  let adapter: string | null = null;
  let software = false;
  for (const name of order) {
    if (!env.isRegistered(name)) {
      reasons.push(`${name}: not included in this build`);
      continue;
    }
    if (name === 'webgpu') {
      if (!env.gpu) {
        reasons.push('webgpu: this browser has no navigator.gpu (WebGPU is off or unsupported)');
        continue;
      }
      const found = await env.gpu.requestAdapter().catch(() => null);
      if (!found) {
        reasons.push('webgpu: the browser offers no GPU adapter');
        continue;
      }
      adapter = describeAdapter(found.info);
      software = isSoftwareAdapter(found.info);
    }
    let started = false;
    try {
      started = await env.setBackend(name);
    } catch (error) {
      reasons.push(`${name}: failed to start (${error instanceof Error ? error.message : String(error)})`);
      continue;
    }
    if (started && name === 'webgl') {
      // WebGL on SwiftShader trained the toy GAN at 21 steps/s where wasm gives 100+: measured too.
      const renderer = env.webglRenderer?.() ?? null;
      return { backend: name, reasons, adapter: renderer, ...(isSoftwareRenderer(renderer) ? { software: true } : {}) };
    }
    if (started && name === 'wasm') return { backend: name, reasons, adapter: env.wasmDescription?.() ?? null };
    if (started) return { backend: name, reasons, adapter: name === 'webgpu' ? adapter : null, ...(name === 'webgpu' && software ? { software } : {}) };
    reasons.push(`${name}: failed to start`);
  }
  throw new Error(`no tfjs backend could start: ${reasons.join('; ')}`);
}
