import { expect } from 'vitest';
import { builtinSpec } from '../../src/manager';
import type { RunSettings, TrainingEvent } from '../../src/protocol/messages';
import { TrainingSession, type SessionHost } from '../../src/engine/session';
import { onePoint, toyNetworks } from './toyGan';

/** A toy run's settings as the session receives them (the host builds its networks). */
export const toySettings: RunSettings = {
  family: 'toy',
  model: {},
  data: { kind: 'ring' },
  spec: builtinSpec('toy/least-squares'),
  optimizers: { G: { type: 'adam', learningRate: 0.01 }, D: { type: 'adam', learningRate: 0.01 } },
  batchSize: 16,
  dSteps: 1,
  gSteps: 1,
  seed: 1,
};

/** A session on a fake endpoint: what the worker would post is collected, cloned as postMessage would. */
export function sessionHarness(host: Partial<SessionHost> = {}) {
  const events: TrainingEvent[] = [];
  const session = new TrainingSession(
    { postMessage: (event, transfer) => events.push(structuredClone(event, { transfer })) },
    {
      chooseBackend: async () => ({ backend: 'cpu', reasons: ['webgpu: no navigator.gpu in Node'], adapter: null }),
      buildSetup: async () => ({ networks: toyNetworks(), data: onePoint }),
      ...host,
    },
  );
  const waitFor = async <T extends TrainingEvent['type']>(type: T, count = 1): Promise<Extract<TrainingEvent, { type: T }>[]> => {
    for (let i = 0; i < 400 && events.filter((e) => e.type === type).length < count; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const found = events.filter((e) => e.type === type);
    expect(found.length, `events of type ${type} among ${events.map((e) => (e.type === 'failed' ? e.message : e.type)).slice(-8).join(', ')}`).toBeGreaterThanOrEqual(count);
    return found as Extract<TrainingEvent, { type: T }>[];
  };
  return { session, events, waitFor };
}

/** Every step each loss was recorded at, from the history events, in arrival order. */
export function stepsByLoss(events: readonly TrainingEvent[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const e of events) {
    if (e.type !== 'history') continue;
    e.batch.step.forEach((step, i) => {
      const name = e.batch.names[e.batch.loss[i]!]!;
      if (!out.has(name)) out.set(name, []);
      out.get(name)!.push(step);
    });
  }
  return out;
}
