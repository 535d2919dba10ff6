// The family's own parts of a run's settings: the model config, the data config, and whether a
// step fits in memory. Each uses the engine's own tfjs-free check, so the page, the CLI and the
// worker refuse the same things with the same words.
import { MAX_HELD_OUT_SHARE } from '../engine/data/heldOut';
import { PAIR_TASKS, pairTaskIssues } from '../engine/data/pairs';
import { toyConfigIssues } from '../engine/data/toyConfig';
import { resolveModelConfig, type ResolvedModelConfig } from '../engine/models/config';
import { estimateTrainingMemory } from '../engine/models/memory';
import { ModelConfigError } from '../engine/models/validate';
import type { RunSettings } from './messages';
import type { Family } from './presets';
import { got, type SettingsIssue } from './settingsIssues';

/**
 * The memory a training step may take: 1 GiB. One conservative budget for every backend:
 * tfjs's wasm heap ends at 2-4 GiB (and traps past it), WebGL and WebGPU share a laptop's
 * memory with the page, and a step that needs more trains at a few steps a minute on this
 * playground's CPUs anyway.
 */
export const MEMORY_BUDGET_BYTES = 1024 * 2 ** 20;

const MiB = (bytes: number) => `${Math.ceil(bytes / 2 ** 20).toLocaleString('en-US')} MiB`;

/**
 * The model config's problem (its field named `model.<field>`), resolved as the engine will;
 * a valid config goes to `resolved`.
 */
export function checkModel(family: Family, model: Record<string, unknown>, seed: unknown, resolved: (config: ResolvedModelConfig) => void): SettingsIssue[] {
  try {
    // The engine builds with the run's seed unless the model has its own (src/engine/setup.ts).
    resolved(resolveModelConfig({ ...model, family, seed: model.seed ?? (typeof seed === 'number' ? seed : 0) }, 'model'));
    return [];
  } catch (error) {
    if (!(error instanceof ModelConfigError)) throw error;
    const [, path = 'model', message = error.message] = /^([^:]+): (.*)$/s.exec(error.message) ?? [];
    return [{ path, message }];
  }
}

/** DCGAN's data: all ten digits, or some. */
function digitsIssues(data: Record<string, unknown>): SettingsIssue[] {
  const unknown = Object.keys(data).filter((key) => key !== 'digits');
  const issues = unknown.map((key) => ({ path: `data.${key}`, message: 'unknown field; expected digits' }));
  const { digits } = data;
  const ok = Array.isArray(digits) && digits.length > 0 && digits.every((d) => Number.isInteger(d) && d >= 0 && d <= 9);
  if (digits !== undefined && !ok) issues.push({ path: 'data.digits', message: `must be a non-empty list of digits 0 to 9, ${got(digits)}` });
  return issues;
}

/** pix2pix's data: a built-in task at the model's size, or the user's A|B images (each checked by the engine). */
function pairDataIssues(data: Record<string, unknown>, model: ResolvedModelConfig | null): SettingsIssue[] {
  if (Object.hasOwn(data, 'images')) {
    const extra = Object.keys(data).filter((key) => key !== 'images' && key !== 'heldOutShare');
    const issues = extra.map((key) => ({ path: `data.${key}`, message: 'unknown field: your own images come with heldOutShare only ({"images": [...], "heldOutShare": 0.1})' }));
    if (!Array.isArray(data.images) || data.images.length === 0) issues.push({ path: 'data.images', message: 'load at least one A|B image' });
    const share = data.heldOutShare;
    if (share !== undefined && !(typeof share === 'number' && share >= 0 && share <= MAX_HELD_OUT_SHARE)) {
      issues.push({ path: 'data.heldOutShare', message: `the share of your images kept out of training to measure quality on: a number from 0 to ${MAX_HELD_OUT_SHARE}, ${got(share)}` });
    }
    return issues;
  }
  const size = model?.family === 'pix2pix' ? model.size : undefined;
  if (data.size !== undefined && size !== undefined && data.size !== size) {
    return [{ path: 'data.size', message: `the task's size must match the model's (${size}), ${got(data.size)}` }];
  }
  return pairTaskIssues({ ...data, ...(size !== undefined && data.size === undefined ? { size } : {}) }, 'data').map((issue) =>
    issue.path === 'data.task' ? { ...issue, message: `${issue.message}, ${got(data.task)} (tasks: ${PAIR_TASKS.join(', ')})` } : issue,
  );
}

/** Every problem of the family's data config. */
export function checkData(family: Family, data: Record<string, unknown>, model: ResolvedModelConfig | null): SettingsIssue[] {
  switch (family) {
    case 'toy':
      return toyConfigIssues(data, 'data');
    case 'dcgan':
      return digitsIssues(data);
    case 'pix2pix':
      return pairDataIssues(data, model);
  }
}

/** The field to lower when the weights alone do not fit. */
const SIZE_FIELDS: Readonly<Record<Family, string>> = {
  toy: 'model.gUnits or model.dUnits (or their layers)',
  dcgan: 'model.width',
  pix2pix: 'model.width (or model.size)',
};

/** Refuses a step that would not fit in MEMORY_BUDGET_BYTES, saying what it needs and what to lower. */
export function checkMemory(
  model: ResolvedModelConfig,
  batchSize: number,
  optimizers: RunSettings['optimizers'],
  budget = MEMORY_BUDGET_BYTES,
  emaGenerator = false,
): SettingsIssue | null {
  const estimate = estimateTrainingMemory(model, batchSize, optimizers, emaGenerator);
  if (estimate.bytes <= budget) return null;
  const fits = Math.floor((budget - estimate.fixedBytes) / estimate.perSampleBytes);
  if (fits < 1) {
    return {
      path: 'model',
      message:
        `a training step would need about ${MiB(estimate.bytes)} (${MiB(estimate.fixedBytes)} for the weights, their gradients and ` +
        `the optimizers' state${emaGenerator ? ", and the EMA generator's copy of G" : ''}), more than the ${MiB(budget)} budget; lower ${SIZE_FIELDS[model.family]}`,
    };
  }
  return {
    path: 'batchSize',
    message:
      `a training step at batch ${batchSize.toLocaleString('en-US')} would need about ${MiB(estimate.bytes)}, more than the ` +
      `${MiB(budget)} budget (about ${(estimate.perSampleBytes / 2 ** 20).toPrecision(2)} MiB per sample); lower batchSize to at most ` +
      `${fits.toLocaleString('en-US')}, or the model's size`,
  };
}
