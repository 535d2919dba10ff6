import { describe, expect, it } from 'vitest';
import { chooseBackend, type BackendEnvironment } from '../../src/engine/backend';
import type { BackendName } from '../../src/protocol/messages';

function env(options: { gpu?: boolean; adapter?: boolean; registered?: BackendName[]; failing?: BackendName[] }): BackendEnvironment & { tried: string[] } {
  const tried: string[] = [];
  return {
    tried,
    gpu: options.gpu
      ? { requestAdapter: async () => (options.adapter ? { info: { vendor: 'google', architecture: 'swiftshader', description: '' } } : null) }
      : undefined,
    isRegistered: (name) => (options.registered ?? ['webgpu', 'webgl', 'wasm', 'cpu']).includes(name),
    setBackend: async (name) => {
      tried.push(name);
      return !(options.failing ?? []).includes(name);
    },
  };
}

describe('chooseBackend', () => {
  it('prefers webgpu with an adapter, and reports the adapter', async () => {
    expect(await chooseBackend(undefined, env({ gpu: true, adapter: true }))).toEqual({
      backend: 'webgpu',
      reasons: [],
      adapter: 'google / swiftshader',
      software: true,
    });
  });

  it('flags a software WebGPU adapter (SwiftShader, or the fallback flag)', async () => {
    expect((await chooseBackend(undefined, env({ gpu: true, adapter: true }))).adapter).toBe('google / swiftshader');
    const { isSoftwareAdapter } = await import('../../src/engine/backend');
    expect(isSoftwareAdapter({ vendor: 'google', architecture: 'swiftshader' })).toBe(true);
    expect(isSoftwareAdapter({ vendor: 'nvidia', architecture: 'hopper', isFallbackAdapter: false })).toBe(false);
    expect(isSoftwareAdapter({ vendor: 'x', isFallbackAdapter: true })).toBe(true);
  });

  it('flags a software WebGL renderer too, and names it (Chromium without a GPU: SwiftShader)', async () => {
    const swiftshader = 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';
    const e = { ...env({ gpu: false }), webglRenderer: () => swiftshader };
    expect(await chooseBackend(undefined, e)).toEqual({
      backend: 'webgl',
      reasons: ['webgpu: this browser has no navigator.gpu (WebGPU is off or unsupported)'],
      adapter: swiftshader,
      software: true,
    });
    const gpu = { ...env({ gpu: false }), webglRenderer: () => 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3080 Direct3D11 vs_5_0 ps_5_0)' };
    expect(await chooseBackend(undefined, gpu)).toEqual({ backend: 'webgl', reasons: expect.any(Array), adapter: 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3080 Direct3D11 vs_5_0 ps_5_0)' });
    const { isSoftwareRenderer } = await import('../../src/engine/backend');
    expect(['llvmpipe (LLVM 15.0.6, 256 bits)', 'Microsoft Basic Render Driver'].map(isSoftwareRenderer)).toEqual([true, true]);
    expect([null, 'Apple M2', 'Mali-G78'].map(isSoftwareRenderer)).toEqual([false, false, false]);
  });

  it('falls back in order, saying why each better backend was not used', async () => {
    expect(await chooseBackend(undefined, env({ gpu: false, failing: ['webgl'] }))).toEqual({
      backend: 'wasm',
      reasons: ['webgpu: this browser has no navigator.gpu (WebGPU is off or unsupported)', 'webgl: failed to start'],
      adapter: null,
    });
    expect((await chooseBackend(undefined, env({ gpu: true, adapter: false }))).reasons).toEqual(['webgpu: the browser offers no GPU adapter']);
    expect((await chooseBackend(undefined, env({ registered: ['cpu'] }))).reasons).toEqual([
      'webgpu: not included in this build',
      'webgl: not included in this build',
      'wasm: not included in this build',
    ]);
  });

  it('tries a forced backend first', async () => {
    const e = env({ gpu: true, adapter: true });
    expect((await chooseBackend('cpu', e)).backend).toBe('cpu');
    expect(e.tried).toEqual(['cpu']);
    expect(await chooseBackend('webgl', env({ gpu: true, adapter: true, failing: ['webgl'] }))).toMatchObject({
      backend: 'webgpu',
      reasons: ['webgl: failed to start'],
    });
  });

  it('says so when nothing starts', async () => {
    await expect(chooseBackend(undefined, env({ registered: [] }))).rejects.toThrow(/no tfjs backend could start: webgpu: not included/);
  });
});
