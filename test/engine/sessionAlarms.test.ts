import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { MemoryCheckpointStore } from '../../src/engine/checkpoint';
import { builtinSpec } from '../../src/manager';
import { PROTOCOL_VERSION, type RunSettings } from '../../src/protocol/messages';
import { sessionHarness, stepsByLoss, toySettings } from '../helpers/sessionHarness';
import { onePoint, toyNetworks } from '../helpers/toyGan';

/** Gradient norms every 2 iterations, and a floor no norm is under... 1e30: the alarm trips on the third norm. */
const tripping: RunSettings = {
  ...toySettings,
  gradEvery: 2,
  alarms: { vanishingGradient: { absolute: 1e30, window: 3, baseline: 100 } },
};

describe('the session raises alarms over the values it reads back', () => {
  it('posts an alarm once, after the history batch holding its step', async () => {
    const { session, events, waitFor } = sessionHarness();
    await session.handle({ type: 'start', version: PROTOCOL_VERSION, settings: tripping });
    const [first] = await waitFor('alarms');
    // More values, and the same episode: no second alarm.
    const seen = events.filter((e) => e.type === 'history').length;
    await waitFor('history', seen + 3);
    await session.handle({ type: 'reset' });
    const gradSteps = stepsByLoss(events).get('grad/G')!;
    expect(first!.alarms).toEqual([expect.objectContaining({ kind: 'vanishingGradient', step: gradSteps[2], series: ['grad/G', 'grad/G/G_GAN'] })]);
    expect(events.filter((e) => e.type === 'alarms')).toHaveLength(1);
    const at = events.indexOf(first!);
    const before = stepsByLoss(events.slice(0, at)).get('grad/G') ?? [];
    expect(before).toContain(gradSteps[2]);
  });

  it('raises none where the run turns them off, and starts afresh with each run', async () => {
    const { session, events, waitFor } = sessionHarness();
    await session.handle({ type: 'start', version: PROTOCOL_VERSION, settings: { ...tripping, alarms: { vanishingGradient: { enabled: false, absolute: 1e30 } } } });
    await waitFor('history', 6);
    expect(events.some((e) => e.type === 'alarms')).toBe(false);
    await session.handle({ type: 'start', version: PROTOCOL_VERSION, settings: tripping });
    await waitFor('alarms');
    await session.handle({ type: 'start', version: PROTOCOL_VERSION, settings: tripping });
    await waitFor('alarms', 2);
    await session.handle({ type: 'reset' });
  });

  it('raises again from the values a restored checkpoint re-sends, and keeps them once for the next checkpoint', async () => {
    const store = new MemoryCheckpointStore();
    const { session, events, waitFor } = sessionHarness({ checkpoints: store });
    // Raised by any one norm: the re-sent values (those since the warm-up checkpoint) hold one.
    const settings = { ...tripping, alarms: { vanishingGradient: { absolute: 1e30, window: 1 } } };
    await session.handle({ type: 'start', version: PROTOCOL_VERSION, settings });
    await waitFor('alarms');
    // Well past the warm-up checkpoint (step 1), so the re-sent values hold gradient norms.
    for (let i = 0; i < 400 && !((stepsByLoss(events).get('G_GAN')?.at(-1) ?? 0) >= 8); i++) await new Promise((r) => setTimeout(r, 10));
    await session.handle({ type: 'saveCheckpoint' });
    const restoredFrom = events.length;
    await session.handle({ type: 'restoreCheckpoint' });
    // The next checkpoint keeps the re-sent values, once, with those after them.
    await session.handle({ type: 'saveCheckpoint' });
    const history = (await store.load())!.header.history!;
    await session.handle({ type: 'pause' });
    const after = events.slice(events.findIndex((e, i) => i >= restoredFrom && e.type === 'ready'));
    // The re-sent batch comes first; the page cut its alarms where it begins, and gets them again.
    const [replay] = after.filter((e) => e.type === 'history');
    const replayed = stepsByLoss([replay!]).get('grad/G')!;
    const alarms = after.flatMap((e) => (e.type === 'alarms' ? e.alarms : []));
    expect(alarms[0]).toMatchObject({ kind: 'vanishingGradient', step: replayed[0] });
    const steps = history.step.filter((_, i) => history.names[history.loss[i]!] === 'G_GAN');
    expect(new Set(steps).size).toBe(steps.length);
    await session.handle({ type: 'reset' });
  });

  it('tells of a critic run away to finite losses of 1e29, which no NaN stop catches, and trains on', async () => {
    const networks = toyNetworks();
    const { session, events, waitFor } = sessionHarness({ buildSetup: async () => ({ networks, data: onePoint }) });
    await session.handle({ type: 'start', version: PROTOCOL_VERSION, settings: { ...toySettings, spec: builtinSpec('toy/log-loss') } });
    // Past the alarm's 20 early values, each loss at its usual size (under 10).
    for (let i = 0; i < 400 && !((stepsByLoss(events).get('D_real')?.length ?? 0) >= 25); i++) await new Promise((r) => setTimeout(r, 10));
    // D's output -1e29 wherever x is (the last layer's kernel 0, its bias -1e29): under log loss
    // D_real and G_GAN are then ~1e29 (linear in the logit far out), D_fake ~0; Adam at 0.01 a
    // step cannot bring them back, and nothing is NaN.
    const [kernel, bias] = networks.discriminator.layers.at(-1)!.trainableWeights.map((w) => w.read() as tf.Variable);
    kernel!.assign(tf.zerosLike(kernel!));
    bias!.assign(tf.fill(bias!.shape, -1e29));
    const [alarm] = await waitFor('alarms');
    await waitFor('history', events.filter((e) => e.type === 'history').length + 2);
    await session.handle({ type: 'pause' });
    expect(events.some((e) => e.type === 'stopped')).toBe(false);
    const raised = events.flatMap((e) => (e.type === 'alarms' ? e.alarms : []));
    expect(raised.every((a) => a.kind === 'lossExploding')).toBe(true);
    expect(new Set(raised.map((a) => a.series[0]))).toEqual(new Set(['D_real', 'G_GAN']));
    expect(alarm!.alarms[0]!.detail).toMatch(/^(D_real|G_GAN)'s size \(median \|value\| of its last 5\) is 1e29, above the floor 10000 \(its early median: [\d.]+\)\.$/);
    await session.handle({ type: 'reset' });
  });
});
