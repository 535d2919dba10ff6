// A JSON loss spec as the `model` part of an MMGeneration / MMagic Python config, so an
// objective found in the playground can be trained at scale in PyTorch. Pure string work and
// no tfjs (only type imports from lossSpec.ts, which builds modules): the page calls it.
import type { LossSpec, LossSpecEntry } from './lossSpec';
import { networkOf } from './networks';
export { pyLiteral } from './pyWriter';
import { assignment, comment, INDENT, pyDict, pyLiteral, pyString, type Field } from './pyWriter';
import { collapseProblems, isAdversarial, optionNames, ROLES, startWeight } from './adversarialTerms';
import { adaptiveWeightOf } from './adaptiveWeight';

function scheduleNote(entry: LossSpecEntry): string {
  return (
    `NOTE: weight schedule ${JSON.stringify(entry.schedule)} (${entry.name}). MMagic has no ` +
    `loss-weight schedules, so loss_weight is the schedule's value at 0; a hook that sets ` +
    `the module's loss_weight each iteration would follow it.`
  );
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
