import { describe, expect, test } from 'vitest';
import { assertNever, type SmokeEvent } from '../../src/protocol/messages';

describe('SmokeEvent', () => {
  // postMessage uses the structured clone algorithm: every event must survive it unchanged.
  test.each<SmokeEvent>([
    { type: 'ready', backend: 'webgpu', sum: 6 },
    { type: 'failed', message: 'no adapter' },
  ])('round-trips through structuredClone: $type', (event) => {
    expect(structuredClone(event)).toEqual(event);
  });
});

describe('assertNever', () => {
  test('throws and names the unexpected message', () => {
    const rogue = { type: 'mystery' } as never;
    expect(() => assertNever(rogue)).toThrow('Unexpected message: {"type":"mystery"}');
  });
});
