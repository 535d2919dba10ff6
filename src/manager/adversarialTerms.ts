// The spec's adversarial terms as MMagic's GAN models see them: BaseGAN computes one
// gan_loss on D's real and fake predictions and on G's, so three GANLoss entries that agree
// collapse into it. Shared by the loss-dict export (pythonConfig.ts) and the full training
// configs (src/mmagic). Pure: no tfjs.
import type { LossSpecEntry } from './lossSpec';
import { networkOf } from './networks';
import { pyLiteral } from './pyWriter';
import { scheduleValue } from './schedule';

/** The manager's keys, and those the export writes itself. */
export const NOT_OPTIONS = new Set(['name', 'tags', 'schedule', 'type', 'loss_weight', 'data_info', 'loss_name', 'adaptive_weight']);

/** The adversarial terms BaseGAN computes itself, from one `gan_loss`. */
export const GAN_TYPES = new Set(['GANLoss', 'GANLossComps']);

export const GAN_LOSS_OPTIONS = new Set(['gan_type', 'real_label_val', 'fake_label_val', 'target_is_real', 'is_disc']);

/** The weight the playground starts with: the schedule's value at 0, or loss_weight. */
export function startWeight(entry: LossSpecEntry): number {
  return entry.schedule ? scheduleValue(entry.schedule, 0) : (entry.loss_weight ?? 1);
}

export function isAdversarial(entry: LossSpecEntry): boolean {
  return GAN_TYPES.has(entry.type) && entry.data_info != null && 'input' in entry.data_info;
}

export function optionNames(entry: LossSpecEntry): string[] {
  return Object.keys(entry).filter((key) => !NOT_OPTIONS.has(key) && entry[key] !== undefined);
}

/** The role BaseGAN gives each adversarial term: which prediction, which target. */
export const ROLES = [
  { network: 'G', input: 'disc_pred_fake', target_is_real: true, is_disc: false },
  { network: 'D', input: 'disc_pred_real', target_is_real: true, is_disc: true },
  { network: 'D', input: 'disc_pred_fake', target_is_real: false, is_disc: true },
] as const;

/** Why the adversarial terms are not BaseGAN's G/D-real/D-fake triple of one gan_loss; [] when they are. */
export function collapseProblems(adversarial: readonly LossSpecEntry[]): string[] {
  const problems: string[] = [];
  const termsFor = (role: (typeof ROLES)[number]) =>
    adversarial.filter((e) => networkOf(e) === role.network && (role.network === 'G' || e.data_info?.input === role.input));
  const triple: LossSpecEntry[] = [];
  for (const role of ROLES) {
    const terms = termsFor(role);
    const what = role.network === 'G' ? 'G' : `D on ${role.input}`;
    if (terms.length !== 1) {
      const names = terms.map((e) => e.name).join(', ');
      problems.push(terms.length === 0 ? `no adversarial term trains ${what}` : `${terms.length} adversarial terms train ${what} (${names})`);
      continue;
    }
    const entry = terms[0]!;
    triple.push(entry);
    const reads = entry.data_info?.input;
    // D's terms were found by what they read; only G's can read the wrong prediction.
    if (reads !== role.input) problems.push(`${entry.name} reads ${reads}, where BaseGAN gives G ${role.input}`);
    for (const flag of ['target_is_real', 'is_disc'] as const) {
      const value = entry[flag] ?? (flag === 'is_disc' ? false : undefined);
      if (value !== role[flag]) problems.push(`${entry.name} has ${flag}=${pyLiteral(value)}, where BaseGAN passes ${pyLiteral(role[flag])}`);
    }
  }
  const strays = adversarial.filter((e) => networkOf(e) === 'D' && !ROLES.some((r) => r.network === 'D' && r.input === e.data_info?.input));
  for (const entry of strays) problems.push(`${entry.name} trains D on ${entry.data_info?.input}, which BaseGAN never gives gan_loss`);
  for (const entry of adversarial) {
    const mapped = Object.keys(entry.data_info ?? {}).filter((arg) => arg !== 'input');
    if (mapped.length > 0) problems.push(`${entry.name}'s data_info maps ${mapped.join(', ')}, which gan_loss cannot read`);
    for (const key of optionNames(entry)) {
      if (GAN_LOSS_OPTIONS.has(key) || (key === 'interval' && entry[key] === 1)) continue;
      problems.push(`${entry.name} sets ${key}=${pyLiteral(entry[key], key)}, which gan_loss cannot take`);
    }
  }
  const [first, ...rest] = triple;
  const defaults: Readonly<Record<string, unknown>> = { real_label_val: 1, fake_label_val: 0 };
  for (const key of ['gan_type', 'real_label_val', 'fake_label_val']) {
    const valueOf = (e: LossSpecEntry) => e[key] ?? defaults[key];
    for (const other of rest) {
      if (first !== undefined && valueOf(other) !== valueOf(first)) {
        const [a, b] = [pyLiteral(valueOf(first), key), pyLiteral(valueOf(other), key)];
        problems.push(`${first.name} and ${other.name} disagree on ${key} (${a} vs ${b})`);
      }
    }
  }
  return problems;
}
