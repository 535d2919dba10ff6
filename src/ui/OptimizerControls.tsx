// Each network's optimizer: its kind and that kind's settings. The learning rate reaches a
// running run at once; the rest is how the optimizer is built, so it applies at the next Start.
import type { NetworkName } from '../protocol/messages';
import { FLOAT32_EPSILON, OPTIMIZER_DEFAULTS, OPTIMIZER_FIELDS, OPTIMIZER_LABELS, OPTIMIZER_TYPES, withOptimizerType, type OptimizerConfig, type OptimizerField } from '../protocol/optimizerConfig';
import { NumberField, problemWith, SelectField } from './fields';
import { usePlayground, useSettings } from './usePlayground';

const NETWORKS: readonly NetworkName[] = ['G', 'D'];

/** Each field's label after the network's name, and the value shown when the config leaves it out. */
const FIELD_TEXT: Readonly<Record<OptimizerField, { readonly label: string; readonly shown: number }>> = {
  beta1: { label: 'beta1', shown: OPTIMIZER_DEFAULTS.beta1 },
  beta2: { label: 'beta2', shown: OPTIMIZER_DEFAULTS.beta2 },
  // tfjs's own where the config has none: 1e-7 on every backend with 32-bit floats.
  epsilon: { label: 'epsilon', shown: FLOAT32_EPSILON },
  momentum: { label: 'momentum', shown: OPTIMIZER_DEFAULTS.momentum },
  decay: { label: 'decay', shown: OPTIMIZER_DEFAULTS.decay },
};

function NetworkOptimizer({ network }: { network: NetworkName }) {
  const playground = usePlayground();
  const settings = useSettings((s) => s.settings);
  const config = settings.optimizers[network];
  const withConfig = (next: OptimizerConfig) => ({ optimizers: { ...settings.optimizers, [network]: next } });
  const path = `optimizers.${network}`;
  const check = (next: OptimizerConfig) => problemWith(settings, withConfig(next), [path]);
  const set = (next: OptimizerConfig) => playground.stores.settings.getState().update(withConfig(next));
  return (
    <fieldset className="grid2 optimizer">
      <legend>{network === 'G' ? 'Generator' : 'Discriminator'} optimizer</legend>
      <SelectField
        label={`${network} optimizer`}
        value={config.type}
        options={OPTIMIZER_TYPES}
        text={(type) => OPTIMIZER_LABELS[type]}
        check={(type) => check(withOptimizerType(config, type))}
        onChange={(type) => set(withOptimizerType(config, type))}
      />
      <NumberField
        label={`${network} learning rate`}
        value={config.learningRate}
        min={0}
        step="any"
        check={(v) => check({ ...config, learningRate: v })}
        onChange={(v) => playground.setLearningRate(network, v)}
      />
      {OPTIMIZER_FIELDS[config.type].map((field) => (
        <NumberField
          key={field}
          label={`${network} ${FIELD_TEXT[field].label}`}
          value={config[field] ?? FIELD_TEXT[field].shown}
          min={0}
          step="any"
          check={(v) => check({ ...config, [field]: v })}
          onChange={(v) => set({ ...config, [field]: v })}
        />
      ))}
    </fieldset>
  );
}

/** G's and D's optimizers side by side. */
export function OptimizerControls() {
  return (
    <div className="optimizers">
      {NETWORKS.map((network) => (
        <NetworkOptimizer key={network} network={network} />
      ))}
      <p className="muted">The learning rates apply at once; an optimizer's kind and other settings at the next Start.</p>
    </div>
  );
}
