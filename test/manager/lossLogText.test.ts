// Reading a loss_log.json's text: Python's bare NaN/Infinity, in one linear pass, and logs too
// deep or too wrong for a long message refused with a bounded LossLogError.
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_MESSAGE_LENGTH } from '../../src/losses/jsonText';
import { LossLogError, parseLossLog, parseLossLogText } from '../../src/manager/lossLog/format';
import { nonFiniteToNull } from '../../src/manager/lossLog/nonFinite';
import { expectPrototypesUntouched } from '../helpers/prototypes';

function textError(text: string): string {
  try {
    parseLossLogText(text);
  } catch (error) {
    expect(error).toBeInstanceOf(LossLogError);
    return (error as Error).message;
  }
  throw new Error('expected the log to be rejected');
}


afterEach(expectPrototypesUntouched);

describe('nonFiniteToNull', () => {
  it('rewrites bare NaN, Infinity and -Infinity outside strings', () => {
    expect(nonFiniteToNull('[NaN, Infinity, -Infinity, 1, -2]')).toBe('[null, null, null, 1, -2]');
    expect(nonFiniteToNull('{"a":NaN,"b":[-Infinity]}')).toBe('{"a":null,"b":[null]}');
    expect(nonFiniteToNull('NaN')).toBe('null');
  });

  it('leaves strings alone, escaped quotes and backslashes included', () => {
    const text = String.raw`{"NaN": "NaN Infinity", "q": "say \"NaN\"", "b": "\\", "x": NaN}`;
    expect(nonFiniteToNull(text)).toBe(String.raw`{"NaN": "NaN Infinity", "q": "say \"NaN\"", "b": "\\", "x": null}`);
    expect(nonFiniteToNull(String.raw`["\\\"NaN", NaN]`)).toBe(String.raw`["\\\"NaN", null]`);
  });

  it('leaves words that only contain the tokens', () => {
    expect(nonFiniteToNull('[NaNa, xNaN, Infinity2, NaN_, 1e5, -Infinityx]')).toBe('[NaNa, xNaN, Infinity2, NaN_, 1e5, -Infinityx]');
  });

  it('passes malformed text through for JSON.parse to refuse', () => {
    expect(nonFiniteToNull('"unclosed NaN')).toBe('"unclosed NaN');
    expect(nonFiniteToNull('[NaN, "a\\')).toBe('[null, "a\\');
  });
});

describe('parseLossLogText', () => {
  it('reads a NectarGAN log with NaN and Infinity as NaN', () => {
    const log = parseLossLogText('{"LOSSMANAGER_LOG": {"loss_functions": {"G": {"loss": [NaN, 1, Infinity, -Infinity], "weights": [1, 1, 1, 1]}}}}');
    expect(log.LOSSMANAGER_LOG.loss_functions.G!.loss).toEqual([NaN, 1, NaN, NaN]);
  });

  it('refuses a quote then 100,000 escaped quotes quickly (the old regex took 9-20 s)', () => {
    for (const blocks of [100_000, 1_000_000]) {
      const text = `{"LOSSMANAGER_LOG": "${'\\"'.repeat(blocks)}`;
      const start = performance.now();
      expect(textError(text)).toMatch(/^loss log is not valid JSON: /);
      // A generous bound: linear work on 0.2 and 2 MB is milliseconds; the regex took seconds at 0.2 MB.
      expect(performance.now() - start).toBeLessThan(1000);
    }
  });

  it('refuses a log nested 100,000 levels deep, naming where', () => {
    const text = `{"LOSSMANAGER_LOG": {"loss_functions": {"G": ${'['.repeat(100_000)}${']'.repeat(100_000)}}}}`;
    expect(textError(text)).toBe(`loss log is not a valid loss log: LOSSMANAGER_LOG.loss_functions.G${'[0]'.repeat(61)}: nested deeper than 64 levels`);
  });

  it('refuses a BigInt and a cycle in a parsed log', () => {
    expect(() => parseLossLog({ LOSSMANAGER_LOG: { dataset_length: 4n, loss_functions: {} } })).toThrow(
      'loss log is not a valid loss log: LOSSMANAGER_LOG.dataset_length: not JSON: a BigInt (4n); write it as a number',
    );
    const log: Record<string, unknown> = { loss_functions: {} };
    log.spec = { log };
    expect(() => parseLossLog({ LOSSMANAGER_LOG: log })).toThrow(/LOSSMANAGER_LOG\.spec\.log: not JSON: a cycle/);
  });

  it('keeps its message short whatever the log holds', () => {
    const name = 'n'.repeat(1_000_000);
    const text = `{"LOSSMANAGER_LOG": {"loss_functions": {"${name}": {"loss": [${'"x",'.repeat(10_000)}1], "weights": []}}}}`;
    const message = textError(text);
    expect(message.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    expect(message).toMatch(/^loss log is not a valid loss log: LOSSMANAGER_LOG\.loss_functions\["n{36}\.\.\.\]\.loss\[0\]: expected a number, got "x"; /);
    // 10,000 bad values, five listed (a list's length is checked once its values parse).
    expect(message).toMatch(/; and 9995 more$/);
  });
});
