import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, type MainIo } from '../../src/cli/main';
import { builtinSpec, parseLossLogText } from '../../src/manager';

function fakeIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: MainIo = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, root: process.cwd() };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

/** Trains the toy from a settings file with `stopAtStep` for `steps` and returns the steps the log holds. */
async function loggedSteps(stopAtStep: number | undefined, steps: number) {
  const dir = mkdtempSync(join(tmpdir(), 'cli-stop-'));
  const settingsFile = join(dir, 'settings.json');
  writeFileSync(settingsFile, JSON.stringify({ family: 'toy', spec: builtinSpec('toy/log-loss'), ...(stopAtStep === undefined ? {} : { stopAtStep }) }));
  const run = fakeIo();
  const code = await main(['--spec', settingsFile, '--steps', String(steps), '--batch-size', '8', '--samples-every', '0', '--out', join(dir, 'run')], run.io);
  const log = parseLossLogText(readFileSync(join(dir, 'run', 'loss_log.json'), 'utf8')).LOSSMANAGER_LOG;
  return { code, steps: log.loss_functions.G_GAN?.steps, ...run };
}

// The page pauses a run at its settings' stopAtStep (a sweep variant's length); the CLI trained past it.
describe('the CLI and a settings file\'s stopAtStep', () => {
  it('ends the run at stopAtStep when it comes before --steps, and says so', async () => {
    const run = await loggedSteps(4, 10);
    expect(run.code).toBe(0);
    expect(run.steps).toEqual([0, 1, 2, 3]); // 4 iterations, as the page pauses at iteration 4
    expect(run.stderr()).toContain("note: the settings' stopAtStep (4) ends the run before --steps (10)");
    expect(run.stdout()).toContain('for 4 steps into');
  });

  it('changes nothing when stopAtStep is at or past --steps, or absent', async () => {
    for (const stop of [6, 50, undefined]) {
      const run = await loggedSteps(stop, 6);
      expect(run.steps).toEqual([0, 1, 2, 3, 4, 5]);
      expect(run.stderr()).not.toContain('stopAtStep');
    }
  });
});
