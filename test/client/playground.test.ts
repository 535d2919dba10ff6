import { describe, expect, it } from 'vitest';
import { createPlayground } from '../../src/client/playground';
import type { TrainingCommand, TrainingEvent } from '../../src/protocol/messages';

/** A playground on a fake client: commands are recorded, events are pushed by the test. */
function fake() {
  const sent: TrainingCommand[] = [];
  let emit: (event: TrainingEvent) => void = () => {};
  const playground = createPlayground((onEvent) => {
    emit = onEvent;
    return { send: (c) => sent.push(c), terminate: () => {} };
  });
  return { playground, sent, emit: (e: TrainingEvent) => emit(e) };
}

describe('the playground controller', () => {
  it('starts with the current settings and routes events into the stores', () => {
    const { playground, sent, emit } = fake();
    playground.start();
    expect(sent[0]).toMatchObject({ type: 'start', settings: { family: 'toy' } });
    expect(playground.stores.run.getState().status).toBe('starting');
    emit({ type: 'ready', version: 1, backend: 'webgpu', reasons: [], adapter: 'swiftshader', outputKeys: ['disc_pred_fake'] });
    expect(playground.stores.run.getState()).toMatchObject({ status: 'running', backend: 'webgpu', adapter: 'swiftshader' });
    emit({
      type: 'history',
      batch: { names: ['G_GAN'], loss: Uint16Array.of(0), step: Float64Array.of(0), value: Float32Array.of(0.7), weight: Float32Array.of(1), raw: Float32Array.of(0.7), time: Float64Array.of(5) },
    });
    expect(playground.stores.history.getState().series.get('G_GAN')?.length).toBe(1);
    emit({ type: 'weightChanged', name: 'G_GAN', step: 12, weight: 0.5, schedule: null });
    expect(playground.stores.history.getState().marks).toEqual([{ name: 'G_GAN', step: 12, weight: 0.5 }]);
    emit({ type: 'stopped', step: 40, reason: 'nonFinite', message: 'loss "D_real" became NaN at step 40' });
    expect(playground.stores.run.getState()).toMatchObject({ status: 'stopped', error: 'loss "D_real" became NaN at step 40' });
  });

  it('sends a slider change to a running worker and keeps the spec in step', () => {
    const { playground, sent, emit } = fake();
    playground.setWeight('G_GAN', 2); // not running: only the spec changes
    expect(sent).toEqual([]);
    expect(playground.stores.settings.getState().settings.spec.losses[0]).toMatchObject({ name: 'G_GAN', loss_weight: 2 });
    playground.start();
    emit({ type: 'ready', version: 1, backend: 'cpu', reasons: [], adapter: null, outputKeys: [] });
    playground.setWeight('G_GAN', 0.1);
    expect(sent.at(-1)).toEqual({ type: 'setWeight', name: 'G_GAN', value: 0.1 });
  });

  it('sends what changed while the run was starting once the worker is ready', () => {
    // Bug: a slider moved between Start and 'ready' changed the page, never the run.
    const { playground, sent, emit } = fake();
    playground.start();
    playground.setWeight('G_GAN', 0.5);
    playground.setLearningRate('D', 0.01);
    expect(sent.map((c) => c.type)).toEqual(['start']);
    emit({ type: 'ready', version: 1, backend: 'cpu', reasons: [], adapter: null, outputKeys: [] });
    expect(sent.slice(1)).toEqual([
      { type: 'setWeight', name: 'G_GAN', value: 0.5 },
      { type: 'setLearningRate', network: 'D', value: 0.01 },
    ]);
    // Once: a later 'ready' (a checkpoint restored) sends nothing more.
    emit({ type: 'ready', version: 1, backend: 'cpu', reasons: [], adapter: null, outputKeys: [] });
    expect(sent).toHaveLength(3);
  });

  it("keeps the speed in the settings store, sends it live, and with every Start (a link's speed too)", () => {
    const { playground, sent } = fake();
    playground.stores.settings.getState().setSpeed(2); // as main.tsx does with a link's ?speed=
    expect(sent).toEqual([]);
    playground.start();
    expect(sent.map((c) => c.type)).toEqual(['start', 'setSpeed']);
    expect(sent[1]).toEqual({ type: 'setSpeed', stepsPerSecond: 2 });
    playground.setSpeed(null);
    expect(playground.stores.settings.getState().speed).toBeNull();
    expect(sent[2]).toEqual({ type: 'setSpeed', stepsPerSecond: null });
    playground.start();
    expect(sent.slice(3).map((c) => c.type)).toEqual(['start']);
  });
});

