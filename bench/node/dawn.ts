// WebGPU in Node without a browser: Dawn's Node binding from the `webgpu` package, loaded only
// when the node-webgpu section runs (nothing else needs it), and the global `navigator.gpu`
// that tfjs's webgpu backend looks for, installed for the section and taken away after it.
import { existsSync } from 'node:fs';
import { errorMessage } from './host';

/** What is used of Dawn's adapter (typed here, so no WebGPU type package enters the build). */
export interface DawnAdapter {
  readonly info?: { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean };
  readonly features?: Iterable<string>;
}

export interface DawnGpu {
  requestAdapter(options?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<DawnAdapter | null>;
}

/** The `webgpu` package's exports. */
export interface DawnModule {
  create(flags: string[]): DawnGpu;
  readonly globals: object;
}

export const DAWN_PACKAGE = 'webgpu';

/** The adapter as a table shows it: "nvidia / hopper / NVIDIA H100 80GB HBM3". */
export interface AdapterFacts {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  readonly isFallbackAdapter: boolean;
  /** A GPU emulated on the CPU (SwiftShader, llvmpipe, lavapipe) or Dawn's null backend. */
  readonly software: boolean;
  /** Dawn's null backend: shaders compile, nothing runs. */
  readonly nullBackend: boolean;
  readonly features: readonly string[];
}

export type DawnOpen =
  | { readonly status: 'ok'; readonly gpu: DawnGpu; readonly adapter: AdapterFacts; readonly release: () => void }
  | { readonly status: 'skipped' | 'unavailable'; readonly note: string };

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|software|basic render/i;
const MISSING_MODULE = new Set(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND']);

export function adapterFacts(adapter: DawnAdapter, flags: readonly string[]): AdapterFacts {
  const info = adapter.info ?? {};
  const text = (s: string | undefined) => s ?? '';
  const nullBackend = flags.includes('backend=null') || info.device === 'null-backend';
  const names = [info.vendor, info.architecture, info.device, info.description].join(' ');
  return {
    vendor: text(info.vendor),
    architecture: text(info.architecture),
    device: text(info.device),
    description: text(info.description),
    isFallbackAdapter: info.isFallbackAdapter === true,
    software: info.isFallbackAdapter === true || nullBackend || SOFTWARE.test(names),
    nullBackend,
    features: [...(adapter.features ?? [])].sort(),
  };
}

/** "nvidia / hopper / NVIDIA H100 80GB HBM3", the empty fields left out. */
export function describeAdapter(a: AdapterFacts): string {
  const parts = [a.vendor, a.architecture, a.device, a.description].filter((p, i, all) => p !== '' && all.indexOf(p) === i);
  const name = parts.length > 0 ? parts.join(' / ') : 'an adapter with no name';
  return a.nullBackend ? `${name} (Dawn's null backend: nothing runs)` : a.isFallbackAdapter ? `${name} (fallback adapter)` : name;
}

/** Where Debian, Ubuntu and Fedora put the Vulkan loader Dawn opens on Linux. */
const VULKAN_LOADER = ['/usr/lib/x86_64-linux-gnu/libvulkan.so.1', '/usr/lib/aarch64-linux-gnu/libvulkan.so.1', '/usr/lib64/libvulkan.so.1', '/usr/lib/libvulkan.so.1'];

/** Why Dawn may have found nothing, as far as can be told from outside it. */
export function noAdapterHint(platform: NodeJS.Platform = process.platform, exists: (path: string) => boolean = existsSync): string {
  if (platform !== 'linux') return 'Dawn found no GPU adapter';
  if (!VULKAN_LOADER.some(exists)) {
    return 'Dawn found no GPU adapter: libvulkan.so.1 is not installed (apt-get install libvulkan1, plus the GPU\'s Vulkan driver: see the README\'s "Real-GPU figures")';
  }
  return "Dawn found no GPU adapter: the Vulkan loader is there, but no driver offered a device Dawn accepts (Dawn's warnings above say why)";
}

/**
 * Loads Dawn, asks for an adapter, and when there is one puts `navigator.gpu` and the WebGPU
 * globals (GPUBufferUsage, ...) on globalThis for tfjs; `release` takes them away again (while
 * navigator.gpu is referenced, Dawn keeps Node from exiting). Never throws: a missing package,
 * a binary that does not load or no adapter come back as a reason.
 * @param load imports the package @default import('webgpu')
 */
export async function openDawn(flags: readonly string[], load: () => Promise<DawnModule> = () => import('webgpu') as Promise<DawnModule>): Promise<DawnOpen> {
  let dawn: DawnModule;
  try {
    dawn = await load();
  } catch (error) {
    const { code } = (error ?? {}) as NodeJS.ErrnoException;
    if (code !== undefined && MISSING_MODULE.has(code) && errorMessage(error).includes(`'${DAWN_PACKAGE}'`)) {
      return { status: 'unavailable', note: `the ${DAWN_PACKAGE} package (Dawn for Node) is not installed: it is a devDependency, so \`npm ci\` installs it` };
    }
    return { status: 'unavailable', note: `the ${DAWN_PACKAGE} package did not load: ${errorMessage(error).split('\n')[0]}` };
  }
  let gpu: DawnGpu;
  let adapter: DawnAdapter | null;
  try {
    gpu = dawn.create([...flags]);
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (error) {
    return { status: 'unavailable', note: `Dawn did not start with ${flags.length > 0 ? flags.join(' ') : 'no options'}: ${errorMessage(error).split('\n')[0]}` };
  }
  if (!adapter) return { status: 'skipped', note: flags.length > 0 ? `Dawn found no adapter with ${flags.join(' ')}` : noAdapterHint() };
  return { status: 'ok', gpu, adapter: adapterFacts(adapter, flags), release: installGlobals(gpu, dawn.globals) };
}

/** Puts navigator.gpu and the globals on globalThis; the returned function puts back what was there. */
export function installGlobals(gpu: DawnGpu, globals: object, target: Record<string, unknown> = globalThis as unknown as Record<string, unknown>): () => void {
  const added = Object.keys(globals).filter((key) => !Object.hasOwn(target, key));
  Object.assign(target, Object.fromEntries(added.map((key) => [key, (globals as Record<string, unknown>)[key]])));
  // Node 21+ has a navigator of its own (a getter on globalThis); Node 20 has none.
  const existing = target.navigator as Record<string, unknown> | undefined;
  if (existing) Object.defineProperty(existing, 'gpu', { value: gpu, configurable: true, writable: true });
  else Object.defineProperty(target, 'navigator', { value: { gpu }, configurable: true, writable: true });
  return () => {
    if (existing) delete existing.gpu;
    else delete target.navigator;
    for (const key of added) delete target[key];
  };
}
