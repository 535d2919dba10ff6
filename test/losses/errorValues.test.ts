// Error messages that echo a user's value use showValue: a BigInt, a cycle or megabytes in the
// value give the intended error, bounded, not a TypeError from JSON.stringify.
import { describe, expect, it } from 'vitest';
import { buildLoss, LossConfigError } from '../../src/losses';
import { assertReduction } from '../../src/losses/reduction';
import { networkOf } from '../../src/manager/networks';
import { assertNever } from '../../src/protocol/messages';

describe('errors that show a value', () => {
  it('buildLoss and assertReduction name a BigInt or a cycle', () => {
    expect(() => buildLoss(5n as never)).toThrow(new LossConfigError('buildLoss: a loss config must be an object with a "type", got 5n'));
    const cycle: unknown[] = [];
    cycle.push(cycle);
    expect(() => buildLoss(cycle as never)).toThrow('buildLoss: a loss config must be an object with a "type", got [[Circular]]');
    expect(() => assertReduction(2n, 'L1Loss')).toThrow('L1Loss: unsupported reduction 2n; expected one of none, mean, sum');
  });

  it('networkOf and the protocol show at most a few characters of a huge value', () => {
    expect(() => networkOf({ name: 'n', tags: ['x'.repeat(1_000_000)] })).toThrow(/\(got \["x{55}\.\.\.\)$/);
    expect(() => assertNever({ type: 'start', big: 1n } as never)).toThrow('Unexpected message: {"type":"start","big":1n}');
  });
});
