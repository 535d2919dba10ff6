import { describe, expect, it } from 'vitest';
import { createRunStore } from '../../src/state/runStore';

describe('the run store', () => {
  it('shows a rejected change without failing the run, and clears it once a change is taken', () => {
    const store = createRunStore();
    store.getState().apply({ type: 'ready', version: 1, backend: 'wasm', reasons: [], adapter: null, outputKeys: [] });
    store.getState().apply({ type: 'rejected', command: 'setSpec', message: 'G_P: PerceptualLoss needs a feature network' });
    expect(store.getState()).toMatchObject({ status: 'running', error: 'Not applied (setSpec): G_P: PerceptualLoss needs a feature network' });
    store.getState().apply({ type: 'weightChanged', name: 'G_GAN', step: 9, weight: 2, schedule: null });
    expect(store.getState()).toMatchObject({ status: 'running', error: null });
  });

  it('keeps a stop message when a late change arrives', () => {
    const store = createRunStore();
    store.getState().apply({ type: 'stopped', step: 4, reason: 'nonFinite', message: 'loss "D_real" became NaN at step 4' });
    store.getState().apply({ type: 'weightChanged', name: 'G_GAN', step: 4, weight: 2, schedule: null });
    expect(store.getState()).toMatchObject({ status: 'stopped', error: 'loss "D_real" became NaN at step 4' });
  });

  it('a late paused event does not bring back a run the page reset or saw end', () => {
    const store = createRunStore();
    store.getState().apply({ type: 'ready', version: 1, backend: 'wasm', reasons: [], adapter: null, outputKeys: [] });
    store.getState().apply({ type: 'paused', step: 3 });
    expect(store.getState().status).toBe('paused');
    for (const status of ['idle', 'stopped', 'failed'] as const) {
      store.getState().setStatus(status);
      store.getState().apply({ type: 'paused', step: 5 });
      expect(store.getState().status).toBe(status);
    }
  });

  it("keeps what 'ready' says was built, and clears it for a worker that does not say", () => {
    const store = createRunStore();
    const G = { params: 186, layers: [8, 8, 8, 2], optimizer: 'Momentum', optimizerConfig: { learningRate: 0.05, momentum: 0.9 } };
    const D = { params: 17, layers: [4, 1], optimizer: 'SGD', optimizerConfig: { learningRate: 0.1 } };
    store.getState().apply({ type: 'ready', version: 1, backend: 'wasm', reasons: [], adapter: null, outputKeys: [], networks: { G, D } });
    expect(store.getState().built).toEqual({ G, D });
    store.getState().apply({ type: 'ready', version: 1, backend: 'wasm', reasons: [], adapter: null, outputKeys: [] });
    expect(store.getState().built).toBeNull();
  });
});
