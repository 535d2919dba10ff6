// Specs that are not JSON, too deep, or so wrong that echoing them would make megabyte
// messages: each is refused with a LossSpecError (or an issue) naming a path, and bounded.
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_MESSAGE_LENGTH } from '../../src/losses/jsonText';
import { parseLossSpec } from '../../src/manager/lossSpec';
import { LossSpecError, MAX_SPEC_ISSUES, MAX_SPEC_LOSSES, validateLossSpec, type SpecIssue } from '../../src/manager/specValidation';
import { expectPrototypesUntouched } from '../helpers/prototypes';

const loss = (over: Record<string, unknown> = {}) => ({ name: 'G_L1', type: 'L1Loss', tags: ['G'], ...over });

function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

function errorsOf(json: unknown): readonly SpecIssue[] {
  const result = validateLossSpec(json);
  if (result.ok) throw new Error('expected the spec to be rejected');
  return result.errors;
}

function parseError(json: unknown): LossSpecError {
  try {
    parseLossSpec(json);
  } catch (error) {
    if (error instanceof LossSpecError) return error;
    throw error;
  }
  throw new Error('expected the spec to be rejected');
}

afterEach(expectPrototypesUntouched);

describe('a spec with more losses than a run can step through', () => {
  it('refuses more than MAX_SPEC_LOSSES at "losses", at once, without checking each', () => {
    // Bug: 100,000 valid losses passed (3.7 s to check, on the page's main thread), and then
    // each training step computed them all: 10,000 took 27 s for the first step.
    const many = (n: number) => ({ losses: Array.from({ length: n }, (_, i) => loss({ name: `G_L1_${i}` })) });
    expect(validateLossSpec(many(MAX_SPEC_LOSSES)).ok).toBe(true);
    expect(errorsOf(many(MAX_SPEC_LOSSES + 1))).toEqual([
      { path: 'losses', message: '1,001 losses; a spec takes at most 1,000 (each is computed and recorded every step: a thousand already take seconds a step)' },
    ]);
    const huge = many(100_000);
    const start = performance.now();
    expect(errorsOf(huge)).toHaveLength(1);
    expect(performance.now() - start).toBeLessThan(1000); // the count alone: ~1 ms; checking each took 3.7 s
  });
});

describe('a spec that is not JSON, or too deep to walk', () => {
  it('refuses a value nested 10,000 levels deep at its path, not with a RangeError', () => {
    const spec = { losses: [loss({ extra: nested(10_000) })] };
    const path = `losses[0].extra${'.a'.repeat(61)}`;
    expect(errorsOf(spec)).toEqual([{ path, message: 'nested deeper than 64 levels' }]);
    expect(parseError(spec).message).toBe(`${path}: nested deeper than 64 levels`);
  });

  it('refuses a BigInt and a cycle, naming where', () => {
    expect(errorsOf({ losses: [loss({ loss_weight: 10n })] })).toEqual([{ path: 'losses[0].loss_weight', message: 'not JSON: a BigInt (10n); write it as a number' }]);
    const cyclic = loss();
    (cyclic as Record<string, unknown>).data_info = { self: cyclic };
    expect(parseError({ losses: [cyclic] }).path).toBe('losses[0].data_info.self');
    expect(parseError({ losses: [cyclic] }).message).toMatch(/a cycle/);
  });

  it('refuses a top-level BigInt as the spec itself', () => {
    expect(errorsOf(5n)).toEqual([{ path: 'spec', message: 'not JSON: a BigInt (5n); write it as a number' }]);
  });
});

describe('bounded messages', () => {
  it('lists at most MAX_SPEC_ISSUES problems, then how many more', () => {
    const spec = { losses: Array.from({ length: MAX_SPEC_LOSSES }, (_, i) => ({ name: `l${i}`, type: 'L1Loss', tags: [] })) };
    const errors = errorsOf(spec);
    expect(errors).toHaveLength(MAX_SPEC_ISSUES + 1);
    expect(errors.at(-1)).toEqual({ path: 'losses', message: `and ${MAX_SPEC_LOSSES - MAX_SPEC_ISSUES} more problems` });
  });

  it('echoes a few characters of a huge value, never the value', () => {
    const huge = `${'x'.repeat(5_000_000)} y`;
    const [issue] = errorsOf({ losses: [loss({ name: huge })] });
    expect(issue!.message).toBe(`must be a name of letters, digits, _ . - (got "${'x'.repeat(56)}...)`);
    const keyframes = Array.from({ length: 100_000 }, (_, i) => [i, -1]);
    const error = parseError({ losses: [loss({ schedule: { schedule: 'keyframes', unit: 'step', keyframes } })] });
    expect(error.message.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    expect(error.message).toMatch(/^losses\[0\]\.schedule\.keyframes\[0\]\[1\]: must be >= 0/);
    expect(error.message).toMatch(/and 99995 more$/);
  });

  it('shows a name that cannot be made a string without calling it', () => {
    const spec = JSON.parse('{"losses": [{"name": {"toString": 1}, "type": "NoSuchLoss", "tags": ["G"]}]}') as unknown;
    expect(errorsOf(spec).map((e) => e.message)).toEqual([
      'must be a name of letters, digits, _ . - (got {"toString":1})',
      expect.stringMatching(/^\{"toString":1\}: buildLoss: unknown loss type "NoSuchLoss"/),
    ]);
  });
});
