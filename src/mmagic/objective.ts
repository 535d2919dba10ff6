// Which MMagic 1.x model trains a spec's objective. MMagic's GAN models compute their losses
// in code (DCGAN: BCE with logits; LSGAN: MSE; GGAN: hinge; WGANGP: Wasserstein + gradient
// penalty; Pix2Pix: BCE + pixel_loss_weight x L1), so the spec picks the model whose fixed
// losses are its own, fills the weights MMagic lets a config set (loss_config), and says in
// notes what MMagic cannot say. Pure: no tfjs (the page exports too).
import { adaptiveWeightOf } from '../manager/adaptiveWeight';
import { collapseProblems, isAdversarial, ROLES, startWeight } from '../manager/adversarialTerms';
import type { LossSpec, LossSpecEntry } from '../manager/lossSpec';
import { networkOf, type Network } from '../manager/networks';

export const MMAGIC_MODELS = ['DCGAN', 'LSGAN', 'GGAN', 'WGANGP', 'Pix2Pix'] as const;
export type MMagicModel = (typeof MMAGIC_MODELS)[number];

/** One loss MMagic's model computes: the key it logs it under, and the spec loss it stands for. */
export interface ObjectiveTerm {
  readonly log: string;
  readonly network: Network;
  /** The spec entry it stands for; null when the spec has none (MMagic computes it anyway). */
  readonly loss: string | null;
  readonly formula: string;
}

export interface MMagicObjective {
  readonly model: MMagicModel;
  /** The model's loss_config (WGANGP's penalty, Pix2Pix's L1 weight); null when it takes none. */
  readonly lossConfig: Readonly<Record<string, unknown>> | null;
  readonly terms: readonly ObjectiveTerm[];
  /** What MMagic cannot say as the spec says it, one sentence each. */
  readonly notes: readonly string[];
}

/** The unconditional model whose fixed loss is each gan_type's (mmagic/models/editors/<dir>/<model>.py). */
const UNCONDITIONAL: Readonly<Record<string, { model: MMagicModel; g: string; dFake: string; dReal: string }>> = {
  vanilla: { model: 'DCGAN', g: 'BCE with logits of D(G(z)) against 1', dFake: 'BCE with logits of D(G(z)) against 0', dReal: 'BCE with logits of D(x) against 1' },
  lsgan: { model: 'LSGAN', g: 'mean (D(G(z)) - 1)^2', dFake: 'mean D(G(z))^2', dReal: 'mean (D(x) - 1)^2' },
  hinge: { model: 'GGAN', g: '-mean D(G(z))', dFake: 'mean relu(1 + D(G(z)))', dReal: 'mean relu(1 - D(x))' },
  wgan: { model: 'WGANGP', g: '-mean D(G(z))', dFake: 'mean D(G(z))', dReal: '-mean D(x)' },
};

interface Triple {
  readonly g: LossSpecEntry;
  readonly dReal: LossSpecEntry;
  readonly dFake: LossSpecEntry;
}

/** The spec's G / D-real / D-fake adversarial terms, or why they are not one gan_loss's three. */
function adversarialTriple(spec: LossSpec): Triple | { problems: string[] } {
  const adversarial = spec.losses.filter(isAdversarial);
  if (adversarial.length === 0) return { problems: ['the spec has no adversarial term (a GANLoss whose data_info maps input)'] };
  const problems = collapseProblems(adversarial);
  if (problems.length > 0) return { problems };
  const [g, dReal, dFake] = ROLES.map((role) => adversarial.find((e) => networkOf(e) === role.network && e.data_info?.input === role.input)) as [
    LossSpecEntry,
    LossSpecEntry,
    LossSpecEntry,
  ];
  return { g, dReal, dFake };
}

/** What a weight MMagic holds fixed (or sets once) loses: a schedule, an adaptive factor. */
function weightNotes(entry: LossSpecEntry, fixed: number | null, where: string): string[] {
  const notes: string[] = [];
  const start = startWeight(entry);
  if (entry.schedule) {
    notes.push(`${entry.name}'s weight schedule ${JSON.stringify(entry.schedule)} cannot be expressed: MMagic has no loss-weight schedules, so ${where} ${fixed === null ? `starts and stays at its value at 0 (${start})` : `stays at ${fixed}`}.`);
  } else if (fixed !== null && start !== fixed) {
    notes.push(`${entry.name} has weight ${start}, but ${where} is fixed at ${fixed} in MMagic's code (a model subclass would scale it).`);
  }
  const adaptive = adaptiveWeightOf(entry.adaptive_weight);
  if (adaptive !== null) {
    notes.push(`${entry.name}'s adaptive weight (VQGAN's, reference ${adaptive.reference}) has no MMagic equivalent: only its fixed part is exported.`);
  }
  return notes;
}

function labelNotes(entries: readonly LossSpecEntry[]): string[] {
  return entries.flatMap((e) =>
    (e.real_label_val ?? 1) !== 1 || (e.fake_label_val ?? 0) !== 0
      ? [`${e.name}'s labels (real ${String(e.real_label_val ?? 1)}, fake ${String(e.fake_label_val ?? 0)}) cannot be expressed: MMagic's models use 1 and 0.`]
      : [],
  );
}

function unusedNotes(spec: LossSpec, used: ReadonlySet<LossSpecEntry>, model: MMagicModel): string[] {
  return spec.losses
    .filter((e) => !used.has(e))
    .map(
      (e) =>
        `${e.name} (${e.type}, weight ${startWeight(e)}${e.schedule ? ' at step 0' : ''}) is not computed by MMagic's ${model}, whose losses are fixed in code: ` +
        'a model subclassing it would add the term (its dict is in playground_losses).',
    );
}

type Names = { readonly g: string; readonly dFake: string; readonly dReal: string };

/** The adversarial terms a model computes at weight 1, standing for the triple's entries (null: none). */
function adversarialTerms(triple: Triple | null, formulas: Names, names: Names): ObjectiveTerm[] {
  return [
    { log: names.g, network: 'G', loss: triple?.g.name ?? null, formula: formulas.g },
    { log: names.dFake, network: 'D', loss: triple?.dFake.name ?? null, formula: formulas.dFake },
    { log: names.dReal, network: 'D', loss: triple?.dReal.name ?? null, formula: formulas.dReal },
  ];
}

/** What the triple's labels and weights lose in a model that fixes them. */
function tripleNotes(triple: Triple, names: Names): string[] {
  return [
    ...labelNotes([triple.g, triple.dReal, triple.dFake]),
    ...weightNotes(triple.g, 1, `${names.g}'s weight`),
    ...weightNotes(triple.dFake, 1, `${names.dFake}'s weight`),
    ...weightNotes(triple.dReal, 1, `${names.dReal}'s weight`),
  ];
}

const BASE_GAN_NAMES: Names = { g: 'loss_gen', dFake: 'loss_disc_fake', dReal: 'loss_disc_real' };
const PIX2PIX_NAMES: Names = { g: 'loss_gan_g', dFake: 'loss_gan_d_fake', dReal: 'loss_gan_d_real' };

/** The unconditional model (DCGAN family) for a spec: DCGAN, LSGAN, GGAN or WGANGP by the adversarial gan_type. */
export function unconditionalObjective(spec: LossSpec): MMagicObjective {
  const triple = adversarialTriple(spec);
  const fixed = 'problems' in triple ? undefined : UNCONDITIONAL[String(triple.g.gan_type)];
  if ('problems' in triple || fixed === undefined) {
    const why =
      'problems' in triple
        ? `the spec's adversarial terms are not one GAN loss's G / D-real / D-fake (${triple.problems.join('; ')})`
        : `MMagic has no unconditional GAN model with gan_type ${JSON.stringify(triple.g.gan_type)} (DCGAN: vanilla, LSGAN: lsgan, GGAN: hinge, WGANGP: wgan; StyleGAN2's wgan-logistic-ns needs its own generator)`;
    const base = UNCONDITIONAL.vanilla!;
    return {
      model: 'DCGAN',
      lossConfig: null,
      terms: adversarialTerms(null, base, BASE_GAN_NAMES),
      notes: [`MMagic's DCGAN (BCE with logits) stands in: ${why}.`, ...unusedNotes(spec, new Set(), 'DCGAN')],
    };
  }
  const used = new Set<LossSpecEntry>([triple.g, triple.dReal, triple.dFake]);
  const terms = adversarialTerms(triple, fixed, BASE_GAN_NAMES);
  const notes = tripleNotes(triple, BASE_GAN_NAMES);
  let lossConfig: Record<string, unknown> | null = null;
  if (fixed.model === 'WGANGP') {
    const penalties = spec.losses.filter((e) => e.type === 'GradientPenaltyLoss' && networkOf(e) === 'D');
    const gp = penalties[0];
    if (gp) used.add(gp);
    // WGANGP reads loss_config's loss_weight and norm_mode (mmagic/models/editors/wgan_gp/wgan_gp.py); it always adds the penalty.
    lossConfig = { loss_weight: gp ? startWeight(gp) : 0, norm_mode: gp ? (gp.norm_mode ?? 'pixel') : 'HWC' };
    terms.push({ log: 'loss_gp', network: 'D', loss: gp?.name ?? null, formula: 'loss_weight x (||grad D(interpolate(x, G(z)))|| - 1)^2' });
    if (gp) notes.push(...weightNotes(gp, null, 'loss_config.loss_weight'));
    else notes.push("The spec has no gradient penalty, but MMagic's WGANGP always adds one: its loss_config.loss_weight is 0.0, which turns it off.");
    if ((gp?.interval ?? 1) !== 1) notes.push(`${gp!.name} runs every ${String(gp!.interval)} steps; MMagic's WGANGP adds its penalty every step.`);
  }
  return { model: fixed.model, lossConfig, terms, notes: [...notes, ...unusedNotes(spec, used, fixed.model)] };
}

/** The L1 terms Pix2Pix's pixel_loss_weight can stand for: G's L1 between fake_b and real_b, mean-reduced. */
function pixelL1(entry: LossSpecEntry): boolean {
  const info = entry.data_info ?? {};
  const pair = [info.pred, info.target].sort().join(',');
  return entry.type === 'L1Loss' && networkOf(entry) === 'G' && pair === 'fake_b,real_b' && (entry.reduction ?? 'mean') === 'mean';
}

/** MMagic's Pix2Pix: BCE GAN terms, pixel_loss_weight x L1, D's loss halved. */
export function pix2pixObjective(spec: LossSpec): MMagicObjective {
  const triple = adversarialTriple(spec);
  const notes: string[] = [];
  const used = new Set<LossSpecEntry>();
  const bce = { g: 'BCE with logits of D(a, G(a)) against 1', dFake: 'BCE with logits of D(a, G(a)) against 0', dReal: 'BCE with logits of D(a, b) against 1' };
  let terms: ObjectiveTerm[];
  if ('problems' in triple) {
    notes.push(`The spec's adversarial terms are not one GAN loss's G / D-real / D-fake (${triple.problems.join('; ')}); MMagic's Pix2Pix computes its own BCE terms.`);
    terms = adversarialTerms(null, bce, PIX2PIX_NAMES);
  } else {
    if (triple.g.gan_type !== 'vanilla') notes.push(`The spec's GAN loss is ${JSON.stringify(triple.g.gan_type)}; MMagic's Pix2Pix always uses BCE with logits (vanilla).`);
    [triple.g, triple.dReal, triple.dFake].forEach((e) => used.add(e));
    terms = adversarialTerms(triple, bce, PIX2PIX_NAMES);
    notes.push(...tripleNotes(triple, PIX2PIX_NAMES));
  }
  notes.push("MMagic's Pix2Pix halves D's loss (loss_d *= 0.5); the playground sums D_real and D_fake. With Adam a constant factor on a network's whole loss changes little (eps aside).");
  const l1s = spec.losses.filter(pixelL1);
  const l1 = l1s[0];
  if (l1) {
    used.add(l1);
    notes.push(...weightNotes(l1, null, 'loss_config.pixel_loss_weight'));
  } else {
    notes.push("The spec has no L1 between fake_b and real_b; MMagic's Pix2Pix always adds pixel_loss_weight x L1, set to 0.0 here.");
  }
  terms.push({ log: 'loss_pixel', network: 'G', loss: l1?.name ?? null, formula: 'pixel_loss_weight x mean |fake_b - real_b|' });
  return { model: 'Pix2Pix', lossConfig: { pixel_loss_weight: l1 ? startWeight(l1) : 0 }, terms, notes: [...notes, ...unusedNotes(spec, used, 'Pix2Pix')] };
}
