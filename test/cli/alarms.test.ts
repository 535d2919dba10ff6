import { describe, expect, it } from 'vitest';
import { CliAlarms } from '../../src/cli/alarms';
import { MemoryLossLogSink } from '../../src/manager';
import { defaultSettings } from '../../src/protocol/presets';
import { columns } from '../manager/alarms/points';

const settings = { ...defaultSettings('toy'), alarms: { vanishingGradient: { absolute: 1e30, window: 1 } } };
const norm = (step: number) => columns([['grad/G', step, 0.5]]);

describe('CliAlarms', () => {
  it('prints one line per alarm and adds the alarms so far to each append of the log', async () => {
    const lines: string[] = [];
    const alarms = new CliAlarms(settings, (line) => lines.push(line));
    const file = new MemoryLossLogSink();
    const sink = alarms.logSink(file);
    await sink.append({ G_GAN: { loss: [1], weights: [1], steps: [0] } });
    expect((await file.read()).LOSSMANAGER_LOG.alarms).toBeUndefined();
    alarms.observe(norm(10));
    expect(lines).toEqual([expect.stringMatching(/^alarm step 10: Vanishing generator gradient: .* Try: Use the non-saturating G loss/)]);
    await sink.append({ G_GAN: { loss: [1], weights: [1], steps: [1] } });
    expect((await file.read()).LOSSMANAGER_LOG.alarms).toEqual([expect.objectContaining({ kind: 'vanishingGradient', step: 10 })]);
  });

  it('finish() writes alarms raised after the last append, and nothing when the log has them all', async () => {
    const alarms = new CliAlarms(settings, () => undefined);
    const file = new MemoryLossLogSink();
    await alarms.finish(file);
    expect((await file.read()).LOSSMANAGER_LOG.alarms).toBeUndefined();
    alarms.observe(norm(4));
    await alarms.finish(file);
    const log = (await file.read()).LOSSMANAGER_LOG;
    expect(log.alarms).toEqual([expect.objectContaining({ step: 4 })]);
    expect(Object.keys(log.loss_functions)).toEqual([]);
  });
});
