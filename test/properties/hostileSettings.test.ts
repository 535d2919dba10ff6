// Generated hostile run settings through every reader of them: the schema (the page's Start and
// the worker's), a share link, and the CLI's settings file. Each is accepted, or refused with
// its own error or message, bounded, naming paths; never another exception, and the built-in
// prototypes as they were.
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../src/cli/args';
import { CliError } from '../../src/cli/errors';
import { resolveRunSettings } from '../../src/cli/settings';
import { decodeLink } from '../../src/client/shareLink';
import { checkJsonShape } from '../../src/losses/jsonShape';
import { showValue } from '../../src/losses/jsonText';
import { defaultSettings, FAMILIES } from '../../src/protocol/presets';
import { parseRunSettings, RunSettingsError, validateRunSettings } from '../../src/protocol/runSettings';
import { MAX_ISSUE_CHARS, MAX_ISSUES } from '../../src/protocol/settingsIssues';
import { maybe, nameArb, objectOf, valueArb } from '../helpers/hostileValues';
import { expectPrototypesUntouched } from '../helpers/prototypes';

const runs = (numRuns = 150): fc.Parameters<unknown> => ({
  numRuns,
  seed: 23,
  reporter: (details) => {
    if (!details.failed) return;
    const cause = details.errorInstance;
    throw new Error(`property failed (seed ${details.seed}, path ${details.counterexamplePath}) on ${showValue(details.counterexample, 1000)}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  },
});

/** A family's defaults with some fields (top-level, or one level in) replaced by hostile values, and hostile extra keys. */
const settingsArb = fc
  .tuple(
    fc.constantFrom(...FAMILIES),
    fc.array(fc.tuple(fc.constantFrom('family', 'model', 'data', 'spec', 'optimizers', 'batchSize', 'dSteps', 'gSteps', 'seed', 'backend', 'parallelCompile', 'stepsPerEpoch'), valueArb), { maxLength: 3 }),
    fc.array(fc.tuple(fc.constantFrom('model', 'data', 'optimizers'), nameArb, maybe(fc.double())), { maxLength: 3 }),
    fc.array(fc.tuple(nameArb, valueArb), { maxLength: 2 }),
  )
  .map(([family, top, inner, extra]) => {
    const settings: Record<string, unknown> = { ...defaultSettings(family) };
    for (const [key, value] of top) settings[key] = value;
    for (const [key, field, value] of inner) {
      const current = settings[key];
      settings[key] = { ...(current !== null && typeof current === 'object' ? current : {}), ...objectOf([[field, value]]) };
    }
    return Object.assign(objectOf(extra), settings);
  });

/** JSON text of a value, or null where JSON cannot hold it (a BigInt, a cycle, depth past the check). */
function jsonOf(value: unknown): string | null {
  if (checkJsonShape(value) !== null) return null;
  try {
    return JSON.stringify(value) ?? null;
  } catch {
    return null;
  }
}

afterEach(expectPrototypesUntouched);

describe('hostile run settings', () => {
  it('the schema: accepted, or every problem at a path, bounded; parseRunSettings throws RunSettingsError only', () => {
    fc.assert(
      fc.property(settingsArb, (settings) => {
        const result = validateRunSettings(settings);
        if (!result.ok) {
          expect(result.issues.length).toBeGreaterThan(0);
          expect(result.issues.length).toBeLessThanOrEqual(MAX_ISSUES);
          for (const issue of result.issues) {
            expect(issue.path).toMatch(/^\S/);
            expect(issue.message.length).toBeLessThanOrEqual(MAX_ISSUE_CHARS);
          }
          expect(result.message.length).toBeLessThanOrEqual(6 * MAX_ISSUE_CHARS + 40);
          expect(() => parseRunSettings(settings)).toThrow(RunSettingsError);
        }
        expectPrototypesUntouched();
      }),
      runs(),
    );
  });

  it('a share link: never throws; what it gives can run, and each problem is said', () => {
    fc.assert(
      fc.property(settingsArb, (settings) => {
        const text = jsonOf(settings);
        if (text === null) return;
        const hash = Buffer.from(text, 'utf8').toString('base64url');
        const link = decodeLink(new URL(`http://localhost/#setup=${hash}`));
        expect(link.settings).not.toBeNull();
        expect(validateRunSettings(link.settings).ok).toBe(true);
        if (!validateRunSettings(settings).ok) expect(link.problems.length).toBeGreaterThan(0);
        for (const problem of link.problems) expect(problem.length).toBeLessThanOrEqual(2000);
      }),
      runs(),
    );
  });

  it('a CLI settings file: accepted, or a usage error (exit 2) in one bounded line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hostile-settings-'));
    await fc.assert(
      fc.asyncProperty(settingsArb, async (settings) => {
        const text = jsonOf(settings);
        if (text === null) return;
        const file = join(dir, 'settings.json');
        writeFileSync(file, text);
        const command = parseCliArgs(['--spec', file, '--out', join(dir, 'out')]);
        if (command.kind !== 'train') throw new Error('expected a training command');
        try {
          await resolveRunSettings(command.options);
        } catch (error) {
          if (!(error instanceof CliError)) throw new Error(`expected a CliError, got ${String(error)}`, { cause: error });
          expect(error.exitCode).toBe(2);
          expect(error.message).not.toContain('\n');
          expect(error.message.length).toBeLessThanOrEqual(3000);
        }
      }),
      runs(80),
    );
  });
});
