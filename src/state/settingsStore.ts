import { createStore } from 'zustand/vanilla';
import type { LossSpec } from '../manager/lossSpec';
import type { RunSettings } from '../protocol/messages';
import { defaultSettings, withPairData, type Family, type PairData } from '../protocol/presets';
import { fieldIssues, type SettingsIssue } from '../protocol/runSettings';

export interface SettingsState {
  /** The settings the next Start uses; the running run may differ until restarted. */
  readonly settings: RunSettings;
  setFamily(family: Family): void;
  /**
   * Changes some fields, each checked on its own (runSettings.ts); a patch with a bad field
   * changes nothing and returns the problems. What needs several fields (memory, dSteps and
   * gSteps both 0) is checked at Start. The spec is the spec editor's: checked at Start too.
   */
  update(patch: Partial<RunSettings>): readonly SettingsIssue[];
  /** All the settings at once (a start with given settings, a refused start putting good values back). */
  replace(settings: RunSettings): void;
  setSpec(spec: LossSpec): void;
  /** pix2pix's paired data (a task or the user's images), with the model's channels to match. */
  setPairData(data: PairData): void;
  /** A loss's weight in the spec (the sliders keep the spec in step with the run). */
  setLossWeight(name: string, weight: number): void;
  /** The page's speed cap in steps a second (null: flat out): not a run setting, but kept for every run and in a share link. */
  readonly speed: number | null;
  setSpeed(speed: number | null): void;
}

export function createSettingsStore(initial: RunSettings = defaultSettings('toy')) {
  return createStore<SettingsState>()((set, get) => ({
    settings: initial,
    // A new family brings its own model, data, spec and optimizers; the choices about how to
    // run (seed, a forced backend such as a link's ?backend=, parallel compile) stay.
    setFamily(family) {
      const { seed, backend, parallelCompile } = get().settings;
      set({ settings: { ...defaultSettings(family), seed, ...(backend ? { backend } : {}), ...(parallelCompile !== undefined ? { parallelCompile } : {}) } });
    },
    update(patch) {
      const issues = Object.entries(patch).flatMap(([key, value]) => fieldIssues(key, value));
      if (issues.length === 0) set({ settings: { ...get().settings, ...patch } });
      return issues;
    },
    replace: (settings) => set({ settings }),
    setSpec: (spec) => set({ settings: { ...get().settings, spec } }),
    setPairData: (data) => set({ settings: withPairData(get().settings, data) }),
    setLossWeight(name, weight) {
      const { settings } = get();
      const losses = settings.spec.losses.map((l) => (l.name === name ? { ...l, loss_weight: weight, schedule: null } : l));
      set({ settings: { ...settings, spec: { ...settings.spec, losses } } });
    },
    speed: null,
    setSpeed: (speed) => set({ speed }),
  }));
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;
