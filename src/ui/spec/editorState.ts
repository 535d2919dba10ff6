// The editor's own state: the draft, the spec in use it started from, and a stable key per
// loss (so a card keeps its inputs, and focus, as losses move). Pure, for the reducer and tests.
import type { LossSpec } from '../../manager/specValidation';
import { addLoss, asFormSpec, jsonEqual, moveLoss, removeLoss, updateLoss, type DraftLoss, type FormSpec } from './draft';

export interface EditorState {
  /** What the user is editing: any JSON, until it is valid and applied. */
  readonly draft: unknown;
  /** The settings' spec the draft was last in step with. */
  readonly base: LossSpec;
  /** One key per loss of the draft, in order. */
  readonly keys: readonly string[];
  /** True when the settings' spec changed (a slider, another panel) while the draft held edits. */
  readonly outdated: boolean;
}

let counter = 0;
function freshKey(): string {
  counter += 1;
  return `loss-${counter}`;
}

function lossCount(draft: unknown): number {
  return asFormSpec(draft)?.losses.length ?? 0;
}

/** Keys for `count` losses: the old ones where they still fit, new ones after. */
function reconcile(keys: readonly string[], count: number): string[] {
  return Array.from({ length: count }, (_, i) => keys[i] ?? freshKey());
}

export function initialEditorState(spec: LossSpec): EditorState {
  return { draft: spec, base: spec, keys: reconcile([], spec.losses.length), outdated: false };
}

/**
 * The settings' spec changed: an unedited draft follows it; an edited one is kept, and marked
 * outdated unless it is what was applied.
 */
export function followSettings(state: EditorState, incoming: LossSpec): EditorState {
  if (incoming === state.base) return state;
  if (jsonEqual(state.draft, state.base)) {
    return { draft: incoming, base: incoming, keys: reconcile(state.keys, incoming.losses.length), outdated: false };
  }
  return { ...state, base: incoming, outdated: !jsonEqual(state.draft, incoming) };
}

/** A new draft from the JSON view, a file or a built-in spec. */
export function replaceDraft(state: EditorState, draft: unknown, freshKeys = false): EditorState {
  return { ...state, draft, keys: reconcile(freshKeys ? [] : state.keys, lossCount(draft)) };
}

/** Back to the spec in use, dropping the edits. */
export function revert(state: EditorState): EditorState {
  return { ...state, draft: state.base, keys: reconcile(state.keys, state.base.losses.length), outdated: false };
}

function withForm(state: EditorState, edit: (spec: FormSpec) => FormSpec, keys: (keys: readonly string[]) => readonly string[]): EditorState {
  const spec = asFormSpec(state.draft);
  if (spec === null) return state;
  return { ...state, draft: edit(spec), keys: keys(state.keys) };
}

export function appendLosses(state: EditorState, losses: readonly unknown[]): EditorState {
  return withForm(
    state,
    (spec) => losses.reduce<FormSpec>((s, loss) => addLoss(s, loss), spec),
    (keys) => [...keys, ...losses.map(freshKey)],
  );
}

export function removeLossAt(state: EditorState, index: number): EditorState {
  return withForm(
    state,
    (spec) => removeLoss(spec, index),
    (keys) => keys.filter((_, i) => i !== index),
  );
}

export function moveLossAt(state: EditorState, index: number, delta: -1 | 1): EditorState {
  return withForm(
    state,
    (spec) => moveLoss(spec, index, delta),
    (keys) => {
      const to = index + delta;
      if (to < 0 || to >= keys.length) return keys;
      const out = [...keys];
      [out[index], out[to]] = [out[to]!, out[index]!];
      return out;
    },
  );
}

export function updateLossAt(state: EditorState, index: number, loss: DraftLoss): EditorState {
  return withForm(
    state,
    (spec) => updateLoss(spec, index, () => loss),
    (keys) => keys,
  );
}

/** Sets a key of the spec itself (its name, its description); undefined removes it. */
export function setSpecKey(state: EditorState, key: string, value: unknown): EditorState {
  return withForm(
    state,
    (spec) => {
      const { [key]: _old, ...rest } = spec;
      return (value === undefined ? rest : { ...spec, [key]: value }) as FormSpec;
    },
    (keys) => keys,
  );
}
