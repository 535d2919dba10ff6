// A JSON loss spec as the `model` part of an MMGeneration / MMagic Python config, so an
// objective found in the playground can be trained at scale in PyTorch. Pure string work and
// no tfjs (only type imports from lossSpec.ts, which builds modules): the page calls it.
import type { LossSpec, LossSpecEntry } from './lossSpec';
import { networkOf } from './networks';
export { pyLiteral } from './pyWriter';
import { assignment, comment, INDENT, pyDict, pyLiteral, pyString, type Field } from './pyWriter';
import { scheduleValue } from './schedule';
import { adaptiveWeightOf } from './adaptiveWeight';

/** The manager's keys, and those the export writes itself. */
const NOT_OPTIONS = new Set(['name', 'tags', 'schedule', 'type', 'loss_weight', 'data_info', 'loss_name', 'adaptive_weight']);

/** The adversarial terms BaseGAN computes itself, from one `gan_loss`. */
const GAN_TYPES = new Set(['GANLoss', 'GANLossComps']);

const GAN_LOSS_OPTIONS = new Set(['gan_type', 'real_label_val', 'fake_label_val', 'target_is_real', 'is_disc']);

/** The weight the playground starts with: the schedule's value at 0, or loss_weight. */
function startWeight(entry: LossSpecEntry): number {
  return entry.schedule ? scheduleValue(entry.schedule, 0) : (entry.loss_weight ?? 1);
}

function scheduleNote(entry: LossSpecEntry): string {
  return (
    `NOTE: weight schedule ${JSON.stringify(entry.schedule)} (${entry.name}). MMagic has no ` +
    `loss-weight schedules, so loss_weight is the schedule's value at 0; a hook that sets ` +
    `the module's loss_weight each iteration would follow it.`
  );
}

function isAdversarial(entry: LossSpecEntry): boolean {
  return GAN_TYPES.has(entry.type) && entry.data_info != null && 'input' in entry.data_info;
}

function optionNames(entry: LossSpecEntry): string[] {
  return Object.keys(entry).filter((key) => !NOT_OPTIONS.has(key) && entry[key] !== undefined);
}

/** The role BaseGAN gives each adversarial term: which prediction, which target. */
const ROLES = [
  { network: 'G', input: 'disc_pred_fake', target_is_real: true, is_disc: false },
  { network: 'D', input: 'disc_pred_real', target_is_real: true, is_disc: true },
  { network: 'D', input: 'disc_pred_fake', target_is_real: false, is_disc: true },
] as const;

/** Why the adversarial terms are not BaseGAN's G/D-real/D-fake triple of one gan_loss; [] when they are. */
function collapseProblems(adversarial: readonly LossSpecEntry[]): string[] {
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

/** The gan_loss the adversarial terms collapse into, with its comments. */
function ganLossLines(adversarial: readonly LossSpecEntry[], problems: readonly string[]): string[] {
  if (adversarial.length === 0) {
    return [
      ...comment(
        "NOTE: the spec has no adversarial term (a GANLoss whose data_info maps input). MMGeneration's " +
          'BaseGAN calls gan_loss on every step: set one before training.',
        INDENT,
      ),
      `${INDENT}gan_loss=None,`,
    ];
  }
  if (problems.length > 0) {
    return [
      ...comment(
        `NOTE: the adversarial terms stay separate auxiliary losses, because ${problems.join('; ')}. ` +
          "MMGeneration's BaseGAN calls gan_loss on every step, and its GANLoss takes no data_info: " +
          'train these in a model that reads its adversarial terms from the auxiliary lists.',
        INDENT,
      ),
      `${INDENT}gan_loss=None,`,
    ];
  }
  const [g, dReal, dFake] = ROLES.map((role) =>
    adversarial.find((e) => networkOf(e) === role.network && e.data_info?.input === role.input),
  ) as [LossSpecEntry, LossSpecEntry, LossSpecEntry];
  const notes = [
    `${g.name}, ${dReal.name} and ${dFake.name} as one gan_loss: BaseGAN applies it to D's real and fake ` +
      "predictions and to G's. MMagic applies loss_weight only to the generator's GAN loss; the " +
      "discriminator's adversarial terms are unweighted there.",
    ...weightNotes(g),
  ];
  for (const d of [dReal, dFake]) {
    notes.push(...adaptiveNote(d));
    if (d.schedule) {
      notes.push(`NOTE: ${d.name}'s weight schedule ${JSON.stringify(d.schedule)} cannot be expressed: D's adversarial terms are unweighted in MMagic.`);
    } else if (startWeight(d) !== 1) {
      notes.push(`NOTE: ${d.name}'s loss_weight ${pyLiteral(startWeight(d), 'loss_weight')} cannot be expressed: D's adversarial terms are unweighted in MMagic.`);
    }
  }
  const fields: Field[] = [
    ['type', 'GANLoss'],
    ['gan_type', g.gan_type],
    ['loss_weight', startWeight(g)],
    ['real_label_val', (g.real_label_val ?? 1) === 1 ? undefined : g.real_label_val],
    ['fake_label_val', (g.fake_label_val ?? 0) === 0 ? undefined : g.fake_label_val],
  ];
  return [...notes.flatMap((note) => comment(note, INDENT)), ...assignment('gan_loss', fields, INDENT)];
}

/** Says that MMagic has no adaptive weight, and what the playground does with it. */
function adaptiveNote(entry: LossSpecEntry): string[] {
  const option = adaptiveWeightOf(entry.adaptive_weight);
  if (option === null) return [];
  return [
    `NOTE: ${entry.name} has an adaptive weight (VQGAN's calculate_adaptive_weight, reference ` +
      `${option.reference}, max ${option.max}, eps ${option.eps}): each update the playground multiplies ` +
      `loss_weight by ||grad L_${option.reference}|| / (||grad L_${entry.name}|| + eps) at the generator's ` +
      'last layer. MMagic has no such option: loss_weight below is the fixed part only; a custom loss ' +
      'module or hook would have to compute the factor.',
  ];
}

/** Comments about a weight MMagic cannot hold as it is: a schedule, an adaptive factor, or 0. */
function weightNotes(entry: LossSpecEntry): string[] {
  const adaptive = adaptiveNote(entry);
  if (entry.schedule) return [scheduleNote(entry), ...adaptive];
  if (startWeight(entry) === 0) {
    return ['loss_weight 0: off in the playground, though MMagic still computes it on every step.', ...adaptive];
  }
  return adaptive;
}

/** An auxiliary loss: its comments and `dict(type=..., loss_weight=..., <options>, data_info=..., loss_name=...),`. */
function auxiliaryLines(entry: LossSpecEntry, indent: string): string[] {
  const notes = weightNotes(entry);
  let dataInfo = entry.data_info;
  if (dataInfo != null && networkOf(entry) === 'G' && Object.values(dataInfo).includes('disc_pred_fake')) {
    // StaticUnconditionalGAN's generator step names D's output on the new fakes differently.
    dataInfo = Object.fromEntries(Object.entries(dataInfo).map(([arg, key]) => [arg, key === 'disc_pred_fake' ? 'disc_pred_fake_g' : key]));
    notes.push("MMGeneration's G step names disc_pred_fake 'disc_pred_fake_g'.");
  }
  const lossName = `loss_${entry.name}`;
  if (entry.loss_name !== undefined && entry.loss_name !== lossName) {
    notes.push(`loss_name from the entry's name (not ${pyLiteral(entry.loss_name)}): MMagic sums losses that share a name.`);
  }
  const fields: Field[] = [
    ['type', entry.type],
    ['loss_weight', startWeight(entry)],
    ...optionNames(entry).map((key): Field => [key, entry[key]]),
    ['data_info', dataInfo ?? undefined],
    ['loss_name', lossName],
  ];
  return [...notes.flatMap((note) => comment(note, indent)), ...`${indent}${pyDict(fields, indent)},`.split('\n')];
}

function listLines(key: string, entries: readonly LossSpecEntry[]): string[] {
  if (entries.length === 0) return [];
  return [`${INDENT}${key}=[`, ...entries.flatMap((e) => auxiliaryLines(e, INDENT + INDENT)), `${INDENT}],`];
}

/**
 * The spec as an MMGeneration-style `model = dict(...)` config: the G and D adversarial terms
 * become one `gan_loss` (BaseGAN applies it to D's real and fake predictions and to G's), and
 * every other loss joins `disc_auxiliary_loss` or `gen_auxiliary_loss` by its network, named
 * `loss_<entry name>` (MMagic trains only on names holding 'loss'). Where MMagic cannot say
 * what the spec says (weight schedules, D adversarial weights, mismatched adversarial terms) a
 * `# NOTE:` comment says so. A loss at weight 0 is still written, as `loss_weight=0.0` with a
 * comment, so raising it is a one-number edit. Merge the `model` dict into a full config.
 */
export function specToMMagicConfig(spec: LossSpec): string {
  const adversarial = spec.losses.filter(isAdversarial);
  const problems = adversarial.length > 0 ? collapseProblems(adversarial) : [];
  const collapsed = adversarial.length > 0 && problems.length === 0;
  const auxiliary = spec.losses.filter((e) => !(collapsed && adversarial.includes(e)));
  const title = spec.name === undefined ? 'Loss spec' : `Loss spec ${pyString(spec.name)}`;
  return [
    ...comment(`${title}, exported from GAN Loss Playground.`, ''),
    ...(spec.description ? comment(spec.description, '') : []),
    ...comment(
      "Model keys as MMGeneration's GAN models take them (StaticUnconditionalGAN, Pix2Pix): merge " +
        'this into a full config with the generator, discriminator and data.',
      '',
    ),
    'model = dict(',
    ...ganLossLines(adversarial, problems),
    ...listLines('disc_auxiliary_loss', auxiliary.filter((e) => networkOf(e) === 'D')),
    ...listLines('gen_auxiliary_loss', auxiliary.filter((e) => networkOf(e) === 'G')),
    ')',
    '',
  ].join('\n');
}
