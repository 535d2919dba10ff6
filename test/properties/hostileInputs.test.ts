// Generated hostile input through every parser of user JSON and text: specs, schedules, loss
// logs (parsed and as text) and the MMagic paste box. Each is accepted, or refused with its
// module's own error, a message under the cap that names a path (a line and column in the paste
// box); never another exception, and Object.prototype as it was.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { LOSS_TYPES } from '../../src/losses/catalog';
import { checkJsonShape } from '../../src/losses/jsonShape';
import { MAX_MESSAGE_LENGTH, showValue } from '../../src/losses/jsonText';
import { LossLogError, parseLossLog, parseLossLogText } from '../../src/manager/lossLog/format';
import { parseLossSpec } from '../../src/manager/lossSpec';
import { parseSchedule, SCHEDULE_KINDS, ScheduleError } from '../../src/manager/schedule';
import { LossSpecError, MAX_SPEC_ISSUES, validateLossSpec } from '../../src/manager/specValidation';
import { lossesFromPython } from '../../src/ui/spec/pastedLosses';
import { maybe, nameArb, OBJECT_NAMES, objectOf, valueArb } from '../helpers/hostileValues';
import { expectPrototypesUntouched } from '../helpers/prototypes';

/**
 * fast-check's own report writes the counterexample in full, and overflows the stack on a
 * value 20,000 levels deep: ours shows it as the parsers do, bounded.
 */
function report<T>(details: fc.RunDetails<T>): void {
  if (!details.failed) return;
  const cause = details.errorInstance;
  const shown = showValue(details.counterexample, 1000);
  throw new Error(`property failed after ${details.numRuns} runs (seed ${details.seed}, path ${details.counterexamplePath}) on ${shown}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
}

/** A fixed seed, so a failure here repeats; 150 runs of each property take a few seconds. */
function runs<T>(numRuns = 150): fc.Parameters<T> {
  return { numRuns, seed: 11, reporter: report };
}

// ---- specs and schedules --------------------------------------------------------------------

const pairsArb = fc.array(fc.tuple(maybe(fc.double()), maybe(fc.double())), { maxLength: 4 });
const scheduleArb = fc
  .record({
    schedule: maybe(fc.constantFrom(...SCHEDULE_KINDS)),
    unit: maybe(fc.constantFrom('step', 'epoch')),
    value: maybe(fc.double()),
    startEpoch: maybe(fc.integer()),
    endEpoch: maybe(fc.integer()),
    initialValue: maybe(fc.double()),
    targetValue: maybe(fc.double()),
    warmupEpochs: maybe(fc.integer()),
    steps: maybe(pairsArb),
    keyframes: maybe(pairsArb),
  }, { requiredKeys: ['schedule', 'unit'] })
  .chain((s) => fc.array(fc.tuple(nameArb, valueArb), { maxLength: 2 }).map((extra) => Object.assign(objectOf(extra), s)));

const lossArb = fc
  .record(
    {
      name: maybe(nameArb),
      type: maybe(fc.constantFrom(...LOSS_TYPES, 'NoSuchLoss')),
      tags: maybe(fc.array(fc.constantFrom('G', 'D', 'x'), { maxLength: 3 })),
      loss_weight: maybe(fc.double()),
      schedule: maybe(scheduleArb),
      data_info: maybe(fc.array(fc.tuple(fc.constantFrom('pred', 'target', ...OBJECT_NAMES), maybe(fc.constantFrom('fake_b', 'real_b', 'toString'))), { maxLength: 3 }).map(objectOf)),
      reduction: maybe(fc.constantFrom('mean', 'sum', 'none')),
      gan_type: maybe(fc.constantFrom('vanilla', 'hinge')),
    },
    { requiredKeys: ['name', 'type', 'tags'] },
  )
  .chain((loss) => fc.array(fc.tuple(nameArb, valueArb), { maxLength: 2 }).map((extra) => Object.assign(objectOf(extra), loss)));

const specArb = fc.oneof(
  { weight: 4, arbitrary: fc.record({ losses: maybe(fc.array(lossArb, { maxLength: 4 })), name: maybe(fc.string()) }, { requiredKeys: ['losses'] }) },
  { weight: 1, arbitrary: valueArb },
);

// ---- loss logs ------------------------------------------------------------------------------

const seriesArb = fc.record(
  { loss: maybe(fc.array(maybe(fc.double()), { maxLength: 4 })), weights: maybe(fc.array(fc.double(), { maxLength: 4 })), steps: maybe(fc.array(fc.integer(), { maxLength: 4 })) },
  { requiredKeys: [] },
);
const logArb = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.tuple(nameArb, maybe(seriesArb)), { maxLength: 4 }).map((series) => ({ LOSSMANAGER_LOG: { device: 'cpu', loss_functions: objectOf(series) } })) },
  { weight: 1, arbitrary: fc.record({ LOSSMANAGER_LOG: valueArb }) },
  { weight: 1, arbitrary: valueArb },
);

/** JSON-ish text: a log written out (with Python's bare NaN), cut and spliced with hostile pieces. */
const PIECES = ['NaN', '-Infinity', 'Infinity', '"', '\\"', '\\', '{', '}', '[', ']', ',', ':', '"__proto__"', '"toString"', '1e999', ' '];
const logTextArb = fc.oneof(
  logArb.map((log) => {
    // JSON.stringify would write out a value shared 2^40 times (no throw, no end): only what the check lets through.
    if (checkJsonShape(log) !== null) return '{"LOSSMANAGER_LOG": ';
    try {
      return JSON.stringify(log, (_key, v: unknown) => (typeof v === 'bigint' ? Number(v) : typeof v === 'number' && !Number.isFinite(v) ? '__NAN__' : v)).replaceAll('"__NAN__"', 'NaN');
    } catch {
      return '{';
    }
  }),
  fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join('')),
  fc.integer({ min: 1000, max: 200_000 }).map((n) => `{"LOSSMANAGER_LOG": "${'\\"'.repeat(n)}`),
  fc.integer({ min: 100, max: 100_000 }).map((n) => `${'['.repeat(n)}NaN${']'.repeat(n)}`),
);

// ---- pastes ---------------------------------------------------------------------------------

const pyAtom = fc.oneof(
  fc.constantFrom("'a'", '[0]', '0', '10**9', '10**8', "dict(type='L1Loss')", "{'__proto__': 1}", "{'toString': dict(type='MSELoss')}", 'None', 'a', '()'),
  fc.integer().map(String),
);
const { expr: pyExpr } = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small' },
    pyAtom,
    fc.tuple(tie('expr'), fc.constantFrom('+', '*', '**', '-', '/', '//', '%'), tie('expr')).map(([a, op, b]) => `${a} ${op} ${b}`),
    fc.array(tie('expr'), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
    fc.array(fc.tuple(fc.constantFrom('type', 'loss_weight', '__proto__', 'toString', 'data_info'), tie('expr')), { maxLength: 3 }).map((kw) => `dict(${kw.map(([k, v]) => `${k}=${v}`).join(', ')})`),
  ),
}));
const pasteArb = fc.oneof(
  fc.array(fc.tuple(fc.constantFrom('a', 'b', '__proto__', 'toString'), pyExpr), { minLength: 1, maxLength: 6 }).map((lines) => lines.map(([n, e]) => `${n} = ${e}`).join('\n')),
  fc.integer({ min: 1, max: 60 }).map((n) => ['a = [0, 1]', ...Array<string>(n).fill('a = a + a'), "x = dict(type='L1Loss', w=a)"].join('\n')),
  fc.integer({ min: 30, max: 100_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
  fc.string({ maxLength: 60 }),
);

// ---- the properties -------------------------------------------------------------------------

/** Runs `parse`; a throw must be `errorClass`, with a message that passes `check`. */
function acceptedOrRefused<E extends Error>(parse: () => unknown, errorClass: new (...args: never[]) => E, check: (error: E) => void): void {
  try {
    parse();
  } catch (error) {
    if (!(error instanceof errorClass)) throw new Error(`expected ${errorClass.name}, got ${String(error)}`, { cause: error });
    expect(error.message.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    check(error);
  }
}

afterEach(expectPrototypesUntouched);

describe('hostile inputs', () => {
  it('the prototype check itself fails when a prototype changes', () => {
    (Object.prototype as Record<string, unknown>).polluted = 1;
    try {
      expect(() => expectPrototypesUntouched()).toThrow();
    } finally {
      delete (Object.prototype as Record<string, unknown>).polluted;
    }
  });

  it('validateLossSpec and parseLossSpec: accepted, or issues at paths', () => {
    fc.assert(
      fc.property(specArb, (spec) => {
        const result = validateLossSpec(spec, ['fake_b', 'real_b']);
        if (!result.ok) {
          expect(result.errors.length).toBeGreaterThan(0);
          expect(result.errors.length).toBeLessThanOrEqual(MAX_SPEC_ISSUES + 1);
          for (const issue of result.errors) {
            expect(issue.path).toMatch(/^\S/);
            expect(issue.message.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
          }
        }
        acceptedOrRefused(() => parseLossSpec(spec), LossSpecError, (error) => {
          expect(error.path).toMatch(/^\S/);
          expect(error.message.startsWith(`${error.path}: `)).toBe(true);
        });
        expectPrototypesUntouched();
      }),
      runs(),
    );
  });

  it('parseSchedule: accepted, or a ScheduleError from the path given', () => {
    fc.assert(
      fc.property(fc.oneof(scheduleArb, valueArb), (schedule) => {
        acceptedOrRefused(() => parseSchedule(schedule, 'losses[3].schedule'), ScheduleError, (error) => {
          expect(error.message.startsWith('losses[3].schedule')).toBe(true);
        });
      }),
      runs(),
    );
  });

  it('parseLossLog and parseLossLogText: accepted, or a LossLogError naming where', () => {
    const check = (error: LossLogError) => {
      expect(error.message).toMatch(/^run\.json is not (valid JSON: |a valid loss log: (\(root\)|LOSSMANAGER_LOG|\[))/);
    };
    fc.assert(
      fc.property(logArb, (log) => acceptedOrRefused(() => parseLossLog(log, 'run.json'), LossLogError, check)),
      runs(),
    );
    fc.assert(
      fc.property(logTextArb, (text) => acceptedOrRefused(() => parseLossLogText(text, 'run.json'), LossLogError, check)),
      runs(60),
    );
  });

  it('the paste box: losses that validate, or an error at a line and column', () => {
    fc.assert(
      fc.property(pasteArb, (text) => {
        const result = lossesFromPython(text, ['a']);
        if (result.ok) {
          expect(() => validateLossSpec({ losses: result.losses })).not.toThrow();
        } else {
          expect(result.error.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
          // Syntax and evaluation errors say where; "no loss dict found" is about the whole paste.
          if (result.line !== undefined) expect(result.error).toMatch(new RegExp(`^line ${result.line}, column ${result.column}: `));
          else expect(result.error).toMatch(/^(no loss dict found|\d+ loss dicts found)/);
        }
      }),
      runs(),
    );
  });
});
