// What the page changed while a run was starting. The worker has no trainer until 'ready', so a
// slider moved (or a spec applied) in that window cannot be sent at once; without this the
// page would show a weight the run is not using.
import type { LossSpec } from '../manager/specValidation';
import type { NetworkName, RunSettings, TrainingCommand } from '../protocol/messages';

const NETWORKS: readonly NetworkName[] = ['G', 'D'];

/** The commands that bring a run started with `started` to the settings `now`. */
export function catchUpCommands(started: RunSettings, now: RunSettings): TrainingCommand[] {
  const commands: TrainingCommand[] = [];
  if (started.spec !== now.spec) commands.push(...specCommands(started.spec, now.spec));
  for (const network of NETWORKS) {
    const rate = now.optimizers[network].learningRate;
    if (rate !== started.optimizers[network].learningRate) commands.push({ type: 'setLearningRate', network, value: rate });
  }
  const preview = now.ema?.preview ?? 'ema';
  if (started.ema && now.ema && preview !== (started.ema.preview ?? 'ema')) commands.push({ type: 'setEmaPreview', preview });
  return commands;
}

/** Weights and schedules one by one (they keep the run's history); anything else: the whole spec. */
function specCommands(started: LossSpec, now: LossSpec): TrainingCommand[] {
  const strip = (spec: LossSpec) => JSON.stringify(spec.losses.map(({ loss_weight: _w, schedule: _s, ...rest }) => rest));
  if (strip(started) !== strip(now)) return [{ type: 'setSpec', spec: now }];
  const commands: TrainingCommand[] = [];
  now.losses.forEach((loss, i) => {
    const before = started.losses[i]!;
    const weight = loss.loss_weight ?? 1;
    const schedule = loss.schedule ?? null;
    if (JSON.stringify(schedule) !== JSON.stringify(before.schedule ?? null)) {
      // A schedule set: it decides the weight. Cleared (a slider moved): the weight below does.
      if (schedule !== null) return commands.push({ type: 'setSchedule', name: loss.name, schedule });
      commands.push({ type: 'setWeight', name: loss.name, value: weight });
      return;
    }
    if (weight !== (before.loss_weight ?? 1)) commands.push({ type: 'setWeight', name: loss.name, value: weight });
  });
  return commands;
}
