// What goes beside the exported configs: train.sh (MMagic's tools/dist_train.sh, or torchrun
// on tools/train.py), slurm_array.sh (one array task per config, srun + --launcher slurm, as
// MMagic's tools/slurm_train.sh) and a README.md saying what differs from the playground.
import type { MMagicConfig } from './runConfig';

export interface ExportFile {
  /** Relative to the export folder. */
  readonly path: string;
  readonly text: string;
  readonly executable?: boolean;
}

/** Where the configs go inside the export folder. */
export const CONFIG_DIR = 'configs';

function configList(configs: readonly MMagicConfig[]): string {
  return configs.map((c) => `  ${CONFIG_DIR}/${c.fileName}`).join('\n');
}

function trainScript(configs: readonly MMagicConfig[]): string {
  return `#!/usr/bin/env bash
# Trains the exported MMagic configs one after another with MMagic's own launcher.
#   MMAGIC=/path/to/mmagic GPUS=8 bash train.sh [CONFIG.py ...]   (default: every config below)
#   LAUNCHER=torchrun ...   the same through torchrun on tools/train.py (NNODES, NODE_RANK,
#                           MASTER_ADDR and PORT as tools/dist_train.sh reads them)
# Runs in this folder, so the configs' data roots (data/...) are read from here; each config
# logs into work_dirs/<config name>/<timestamp>/ (vis_data/scalars.json loads back into the page).
set -euo pipefail
cd "$(dirname "\${BASH_SOURCE[0]}")"
MMAGIC="\${MMAGIC:?set MMAGIC to your MMagic 1.x checkout (the folder holding tools/dist_train.sh)}"
GPUS="\${GPUS:-1}"
LAUNCHER="\${LAUNCHER:-dist_train}"
CONFIGS=(
${configList(configs)}
)
if [ "$#" -gt 0 ]; then CONFIGS=("$@"); fi
for CONFIG in "\${CONFIGS[@]}"; do
  WORK_DIR="work_dirs/$(basename "$CONFIG" .py)"
  case "$LAUNCHER" in
    dist_train)
      bash "$MMAGIC/tools/dist_train.sh" "$CONFIG" "$GPUS" --work-dir "$WORK_DIR" ;;
    torchrun)
      PYTHONPATH="$MMAGIC:\${PYTHONPATH:-}" torchrun --nnodes="\${NNODES:-1}" --node_rank="\${NODE_RANK:-0}" \\
        --master_addr="\${MASTER_ADDR:-127.0.0.1}" --master_port="\${PORT:-29500}" --nproc_per_node="$GPUS" \\
        "$MMAGIC/tools/train.py" "$CONFIG" --launcher pytorch --work-dir "$WORK_DIR" ;;
    *)
      echo "LAUNCHER must be dist_train or torchrun, got $LAUNCHER" >&2
      exit 2 ;;
  esac
done
`;
}

function slurmScript(configs: readonly MMagicConfig[]): string {
  return `#!/usr/bin/env bash
# One Slurm array task per exported config, each trained by MMagic's tools/train.py under srun
# with --launcher slurm (as MMagic's tools/slurm_train.sh does).
#   MMAGIC=/path/to/mmagic sbatch -p PARTITION slurm_array.sh
# GPUs per config: change --gres and --ntasks-per-node together (one task per GPU).
#SBATCH --job-name=playground-mmagic
#SBATCH --array=0-${configs.length - 1}
#SBATCH --nodes=1
#SBATCH --gres=gpu:1
#SBATCH --ntasks-per-node=1
#SBATCH --cpus-per-task=5
#SBATCH --output=slurm-%A_%a.out
set -euo pipefail
cd "\${SLURM_SUBMIT_DIR:-$(dirname "\${BASH_SOURCE[0]}")}"
MMAGIC="\${MMAGIC:?set MMAGIC to your MMagic 1.x checkout}"
CONFIGS=(
${configList(configs)}
)
CONFIG="\${CONFIGS[\${SLURM_ARRAY_TASK_ID:?run this with sbatch}]}"
export MASTER_PORT=$((12000 + SLURM_ARRAY_TASK_ID % 20000))
PYTHONPATH="$MMAGIC:\${PYTHONPATH:-}" srun --kill-on-bad-exit=1 \\
  python -u "$MMAGIC/tools/train.py" "$CONFIG" --work-dir "work_dirs/$(basename "$CONFIG" .py)" --launcher slurm
`;
}

/** Each note once, with the configs it holds for (all, or a list). */
function groupedNotes(configs: readonly MMagicConfig[]): string[] {
  const by = new Map<string, string[]>();
  for (const c of configs) for (const note of new Set(c.notes)) by.set(note, [...(by.get(note) ?? []), c.name]);
  return [...by].map(([note, names]) => (names.length === configs.length || configs.length === 1 ? `- ${note}` : `- ${note} (${names.join(', ')})`));
}

const GENERAL = [
  '- Layout: the playground is tfjs, channels-last (NHWC); MMagic is PyTorch, channels-first (NCHW). Pairs are concatenated A then B on the channel axis in both; weights would need transposing (none are exported).',
  "- Padding: the playground's convs use 'same' padding; MMagic's 4 x 4 stride-2 convs pad 1, the same output size. Batch norm: both momentum 0.1 (tfjs 0.9 of the old statistics) and eps 1e-5. Initialization: both N(0, 0.02) for conv and dense weights.",
  "- Logging: the playground records every iteration; these configs log every 10 iterations the mean of the last 10 (LoggerHook interval 10, LogProcessor window_size 10).",
  "- Loss weights: MMagic's GAN models compute their losses in code (mmagic/models/editors/*/); a config sets only what the model reads from loss_config. The spec's loss dicts are kept as playground_losses at the end of each config.",
  '- batch_size is per GPU: with N GPUs each step sees N x the playground\'s batch.',
];

/** The export's README: what is here, how to launch it, what differs, how the logs come back. */
function readme(configs: readonly MMagicConfig[], source: string): string {
  const first = configs[0]!;
  const terms = first.objective.terms.map((t) => `| \`${t.log}\` | ${t.network} | ${t.loss ?? '(none in the spec)'} | ${t.formula.replaceAll('|', '\\|')} |`);
  return `# MMagic configs from GAN Loss Playground

Exported by \`${source}\`: ${configs.length} MMagic 1.x training config(s) in \`${CONFIG_DIR}/\`, one per ${configs.length > 1 ? 'sweep variant' : 'run'}:

${configs.map((c) => `- \`${CONFIG_DIR}/${c.fileName}\`: MMagic's \`${c.objective.model}\``).join('\n')}

## Train

With an MMagic 1.x checkout installed as its README says (PyTorch, mmengine, mmcv 2.x):

\`\`\`sh
MMAGIC=/path/to/mmagic GPUS=8 bash train.sh                 # tools/dist_train.sh, each config in turn
MMAGIC=/path/to/mmagic GPUS=8 LAUNCHER=torchrun bash train.sh  # torchrun on tools/train.py
MMAGIC=/path/to/mmagic sbatch -p PARTITION slurm_array.sh    # one Slurm array task per config
\`\`\`

Or one config by hand: \`bash $MMAGIC/tools/dist_train.sh ${CONFIG_DIR}/${first.fileName} 8 --work-dir work_dirs/${first.name}\`.
The scripts run in this folder: put the training images where each config's \`data_root\` says (below).

## Back into the playground

Each run writes \`work_dirs/<config>/<timestamp>/vis_data/scalars.json\`. In the page, Runs, "Load loss_log.json or MMagic log" reads it as a
run to chart and overlay beside the browser's: \`loss_disc*\`, \`loss_gan_d*\` and \`loss_gp\` join D's chart, \`loss_gen\`,
\`loss_gan_g\` and \`loss_pixel\` G's, learning rates their own chart.

## Losses (${first.name})

| MMagic logs | network | stands for | formula |
|---|---|---|---|
${terms.join('\n')}

## What differs from the playground

${GENERAL.join('\n')}
${groupedNotes(configs).join('\n')}
`;
}

/** Every file of an export: the configs, the launch scripts and the README. */
export function exportFiles(configs: readonly MMagicConfig[], source: string): ExportFile[] {
  if (configs.length === 0) throw new Error('exportFiles: no configs');
  return [
    ...configs.map((c) => ({ path: `${CONFIG_DIR}/${c.fileName}`, text: c.text })),
    { path: 'train.sh', text: trainScript(configs), executable: true },
    { path: 'slurm_array.sh', text: slurmScript(configs), executable: true },
    { path: 'README.md', text: readme(configs, source) },
  ];
}
