// A run's settings as one complete MMagic 1.x training config (a .py that tools/train.py
// takes as it is): the model whose fixed losses are the spec's (objective.ts), the nearest
// networks (networks.ts), the data pipeline (data.ts), per-network optimizers, iterations,
// EMA, runtime; then the spec's loss dicts as `playground_losses`, which the page's Python
// paste reads back. Pure string work, no tfjs: the page and the CLI both export.
import { resolveDcganConfig } from '../engine/models/dcganConfig';
import { resolvePix2pixConfig } from '../engine/models/pix2pixConfig';
import { comment, pyString } from '../manager/pyWriter';
import type { OptimizerConfig } from '../protocol/optimizerConfig';
import type { RunSettings } from '../protocol/messages';
import { digitsData, pairData, type MMagicData } from './data';
import { dcganNetworks, pix2pixNetworks, type MMagicNetworks } from './networks';
import { pix2pixObjective, unconditionalObjective, type MMagicObjective } from './objective';
import { pyStatement } from './pySource';
import { emaConfig, lossDicts, lossTypeNotes, optimizerDict } from './runParts';

/** A setup MMagic has no model for (the toy GAN), or settings too broken to export. */
export class MMagicExportError extends Error {
  override readonly name = 'MMagicExportError';
}

export const TOY_REFUSAL =
  "MMagic 1.x has no model for GAN Lab's 2-D toy GAN: its models generate images, and it has no MLP generator or " +
  'discriminator on points; nothing to export (the spec alone: Spec files, Export as MMagic config).';

export interface ExportOptions {
  /** The config's name: its file is `<name>.py`, its work dir `work_dirs/<name>`. */
  readonly name: string;
  /** The playground's iterations; MMagic's max_iters counts D updates (x dSteps). */
  readonly steps: number;
}

export interface MMagicConfig {
  readonly name: string;
  readonly fileName: string;
  readonly text: string;
  readonly objective: MMagicObjective;
  /** Every difference the file's NOTE comments state, for the README. */
  readonly notes: readonly string[];
}

/** A name safe as a file name, a shell word and a work dir: letters, digits, `._=-`. */
export function configName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._=-]+/g, '-').replace(/^[-.]+|-+$/g, '');
  return safe === '' ? 'playground' : safe.slice(0, 120);
}

function parts(settings: RunSettings): { objective: MMagicObjective; networks: MMagicNetworks; data: MMagicData } {
  switch (settings.family) {
    case 'toy':
      throw new MMagicExportError(TOY_REFUSAL);
    case 'dcgan':
      return {
        objective: unconditionalObjective(settings.spec),
        networks: dcganNetworks(resolveDcganConfig({ ...settings.model, family: 'dcgan' }, 'model')),
        data: digitsData(settings.data, settings.batchSize),
      };
    case 'pix2pix': {
      const model = resolvePix2pixConfig({ ...settings.model, family: 'pix2pix' }, 'model');
      return { objective: pix2pixObjective(settings.spec), networks: pix2pixNetworks(model), data: pairData(settings.data, model, settings.batchSize) };
    }
  }
}

/** BaseGAN's steps: MMagic updates D every iteration and G every discriminator_steps-th. */
function stepCounts(settings: RunSettings, pix2pix: boolean): { dSteps: number; gSteps: number; notes: string[] } {
  const notes: string[] = [];
  const dSteps = Math.max(1, settings.dSteps);
  const gSteps = Math.max(1, settings.gSteps);
  if (settings.dSteps === 0) notes.push('dSteps 0 (D never trains) cannot be expressed: MMagic updates D every iteration; discriminator_steps is 1.');
  if (settings.gSteps === 0) notes.push('gSteps 0 (G never trains) cannot be expressed: generator_steps is 1.');
  if (dSteps > 1) notes.push(`An MMagic iteration is one D update on one batch: max_iters is the playground's iterations x dSteps (${dSteps}).`);
  if (pix2pix && gSteps > 1) notes.push(`MMagic's Pix2Pix updates G once per G step; gSteps ${gSteps} cannot be expressed.`);
  return { dSteps, gSteps, notes };
}

function optimizerNotes(optimizers: Readonly<Record<string, OptimizerConfig>>): string[] {
  const notes = ["Adam and RMSprop keep tfjs's eps 1e-7 (PyTorch's default is 1e-8)."];
  if (Object.values(optimizers).some((o) => o.type === 'rmsprop')) {
    notes.push("RMSprop: alpha 0.9 is tfjs's decay; tfjs adds eps inside the square root, PyTorch outside it.");
  }
  return notes;
}

/** The config's text: header, model, data, optimizers, loop, runtime, the spec's loss dicts. */
export function mmagicConfig(settings: RunSettings, options: ExportOptions): MMagicConfig {
  const name = configName(options.name);
  const { objective, networks, data } = parts(settings);
  const pix2pix = settings.family === 'pix2pix';
  const steps = stepCounts(settings, pix2pix);
  const maxIters = options.steps * steps.dSteps;
  const ema = emaConfig(settings, pix2pix);
  const notes = [...objective.notes, ...networks.notes, ...data.notes, ...steps.notes, ...ema.notes, ...optimizerNotes(settings.optimizers), ...lossTypeNotes(settings.spec)];
  const [gKey, dKey] = pix2pix ? ['generators', 'discriminators'] : ['generator', 'discriminator'];
  const model: Record<string, unknown> = {
    type: objective.model,
    ...(pix2pix ? {} : { noise_size: networks.generator.noise_size }),
    data_preprocessor: data.preprocessor,
    generator: networks.generator,
    discriminator: networks.discriminator,
    ...(pix2pix
      ? { default_domain: 'B', reachable_domains: ['B'], related_domains: ['B', 'A'], discriminator_steps: steps.dSteps }
      : { generator_steps: steps.gSteps, discriminator_steps: steps.dSteps }),
    ...(ema.config ? { ema_config: ema.config } : {}),
    ...(objective.lossConfig ? { loss_config: objective.lossConfig } : {}),
  };
  const every = Math.max(1, Math.ceil(maxIters / 10));
  const vis = pix2pix ? [{ type: 'Translation', name: 'trans' }] : { type: 'GAN', name: 'fake_img' };
  const statements: [string, unknown][] = [
    ['default_scope', 'mmagic'],
    ['model', model],
    ['train_pipeline', data.pipeline],
    ['train_dataloader', data.dataloader],
    ['optim_wrapper', { constructor: 'MultiOptimWrapperConstructor', [gKey]: optimizerDict(settings.optimizers.G), [dKey]: optimizerDict(settings.optimizers.D) }],
    ['train_cfg', { type: 'IterBasedTrainLoop', max_iters: maxIters }],
    ['randomness', { seed: settings.seed, diff_rank_seed: true }],
    [
      'default_hooks',
      {
        timer: { type: 'IterTimerHook' },
        logger: { type: 'LoggerHook', interval: 10, log_metric_by_epoch: false },
        checkpoint: { type: 'CheckpointHook', interval: every, by_epoch: false, max_keep_ckpts: 5, save_optimizer: true },
      },
    ],
    ['custom_hooks', [{ type: 'VisualizationHook', interval: every, fixed_input: true, vis_kwargs_list: vis }]],
    ['log_processor', { type: 'LogProcessor', window_size: 10, by_epoch: false }],
    ['env_cfg', { cudnn_benchmark: true, mp_cfg: { mp_start_method: 'fork', opencv_num_threads: 0 }, dist_cfg: { backend: 'nccl' } }],
    ['model_wrapper_cfg', { type: 'MMSeparateDistributedDataParallel', broadcast_buffers: false, find_unused_parameters: false }],
    ['visualizer', { type: 'Visualizer', vis_backends: [{ type: 'VisBackend' }] }],
    ['log_level', 'INFO'],
    ['load_from', null],
    ['resume', false],
  ];
  const title = settings.spec.name === undefined ? '' : ` with spec ${pyString(settings.spec.name)}`;
  const lines = [
    ...comment(`MMagic 1.x training config '${name}', exported from GAN Loss Playground: a ${settings.family} run${title}, ${options.steps} iterations.`, ''),
    ...comment(`Train it with MMagic's launcher: bash $MMAGIC/tools/dist_train.sh ${name}.py GPUS --work-dir work_dirs/${name} (or the train.sh beside it). batch_size is per GPU.`, ''),
    ...comment(`Losses: MMagic's ${objective.model} computes ${objective.terms.map((t) => `${t.log}${t.loss ? ` (${t.loss})` : ''}`).join(', ')}.`, ''),
    '#',
    ...notes.flatMap((note) => comment(`NOTE: ${note}`, '')),
    '',
    ...statements.map(([key, value]) => pyStatement(key, value)),
    '',
    ...comment(
      `The playground's loss spec, entry by entry, as the page's "Paste an MMagic loss config" reads it back (paste this file). ` +
        `MMagic's ${objective.model} does not read it: its losses are fixed in code. Drop tags, schedule and adaptive_weight to build one with MODELS.build.`,
      '',
    ),
    pyStatement('playground_losses', lossDicts(settings.spec)),
    '',
  ];
  return { name, fileName: `${name}.py`, text: lines.join('\n'), objective, notes };
}
