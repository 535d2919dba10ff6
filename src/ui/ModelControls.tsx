// The model family's own options (GAN Lab's for the toy: G and D sized apart, the noise), each
// checked at the field by the engine's own check. They shape what is built, so they apply at
// the next Start.
import { resolveModelConfig, type ResolvedModelConfig } from '../engine/models/config';
import { PIX2PIX_SIZES } from '../engine/models/pix2pixConfig';
import { ACTIVATIONS, D_NORMS, G_NORMS } from '../engine/models/options';
import { TOY_NOISES, TOY_OUTPUTS } from '../engine/models/toyConfig';
import type { Family } from '../protocol/presets';
import { issueWith, NumberField, SelectField } from './fields';
import { usePlayground, useSettings } from './usePlayground';

type ModelField =
  | { readonly kind: 'number'; readonly key: string; readonly label: string; readonly min: number }
  | { readonly kind: 'select'; readonly key: string; readonly label: string; readonly options: readonly (string | number)[]; readonly text?: Readonly<Record<string, string>> };

const num = (key: string, label: string, min = 1): ModelField => ({ kind: 'number', key, label, min });
const list = (key: string, label: string, options: readonly (string | number)[], text?: Record<string, string>): ModelField => ({ kind: 'select', key, label, options, ...(text ? { text } : {}) });

const NORM_TEXT = { batch: 'batch norm', layer: 'layer norm', none: 'none' };

/** What the page offers per family: every option the engine's config has, but the seed (the run's) and pix2pix's channels (the data's). */
const FIELDS: Readonly<Record<Family, readonly ModelField[]>> = {
  toy: [
    num('gLayers', 'G hidden layers'),
    num('gUnits', 'G units per layer'),
    num('dLayers', 'D hidden layers'),
    num('dUnits', 'D units per layer'),
    num('noiseDim', 'Noise dimensions'),
    // GAN Lab's two: U(0, 1), and its "Gaussian", N(0.5, 0.25) cut at two deviations (noise.ts).
    list('noise', 'Noise distribution', TOY_NOISES, { uniform: 'uniform', gaussian: 'Gaussian (normal)' }),
    list('activation', 'Activation', ACTIVATIONS),
    list('output', 'G output', TOY_OUTPUTS),
  ],
  dcgan: [
    num('width', 'Width'),
    num('depth', 'Extra convs per stage', 0),
    num('noiseDim', 'Noise dimensions'),
    list('gNorm', 'G normalization', G_NORMS, NORM_TEXT),
    list('dNorm', 'D normalization', D_NORMS, NORM_TEXT),
  ],
  pix2pix: [
    list('size', 'Image size', PIX2PIX_SIZES),
    num('width', 'Width'),
    num('dLayers', 'D layers (PatchGAN)'),
    list('gNorm', 'G normalization', G_NORMS, NORM_TEXT),
    list('dNorm', 'D normalization', D_NORMS, NORM_TEXT),
  ],
};

/** The config with its defaults filled in, as the engine will build it; null while it cannot be. */
function resolved(family: Family, model: Readonly<Record<string, unknown>>): ResolvedModelConfig | null {
  try {
    return resolveModelConfig({ ...model, family });
  } catch {
    return null;
  }
}

export function ModelControls() {
  const playground = usePlayground();
  const settings = useSettings((s) => s.settings);
  const family = settings.family as Family;
  const shown = resolved(family, settings.model) as Readonly<Record<string, unknown>> | null;
  const patch = (key: string, value: unknown) => ({ model: { ...settings.model, [key]: value } });
  // The field's own problem, or one its value makes elsewhere (memory, pix2pix's dLayers for a smaller size), path and all.
  const check = (key: string) => (value: unknown) => {
    const issue = issueWith(settings, patch(key, value), [`model.${key}`, 'model', 'batchSize']);
    if (!issue) return null;
    return issue.path === `model.${key}` ? issue.message : `${issue.path}: ${issue.message}`;
  };
  const set = (key: string) => (value: unknown) => playground.stores.settings.getState().update(patch(key, value));
  return (
    <fieldset className="grid2 model">
      <legend>Model (applies at the next Start)</legend>
      {FIELDS[family].map((field) => {
        const value = shown?.[field.key] ?? settings.model[field.key];
        if (field.kind === 'number') {
          return <NumberField key={field.key} label={field.label} value={typeof value === 'number' ? value : field.min} min={field.min} check={check(field.key)} onChange={set(field.key)} />;
        }
        const text = field.text;
        return (
          <SelectField
            key={field.key}
            label={field.label}
            value={(value ?? field.options[0]) as string | number}
            options={field.options}
            text={text ? (o) => text[String(o)] ?? String(o) : undefined}
            check={check(field.key)}
            onChange={set(field.key)}
          />
        );
      })}
    </fieldset>
  );
}
