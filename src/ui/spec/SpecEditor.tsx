import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { isRecord } from '../../losses/isRecord';
import { BUILTIN_SPECS, builtinSpec } from '../../manager/builtinSpecs';
import type { LossSpec, SpecIssue } from '../../manager/specValidation';
import { SPECS_BY_FAMILY, type Family } from '../../protocol/presets';
import { usePlayground, useRun, useSettings } from '../usePlayground';
import { asFormSpec, jsonEqual, lossNames, newLoss } from './draft';
import { networkOfTags } from './tags';
import {
  appendLosses,
  followSettings,
  initialEditorState,
  moveLossAt,
  removeLossAt,
  replaceDraft,
  revert,
  setSpecKey,
  updateLossAt,
  type EditorState,
} from './editorState';
import { ErrorList, Field } from './fields';
import { editorOutputKeys, fieldElementId, issueTarget, placeIssues, validateDraft } from './issues';
import { JsonView } from './JsonView';
import { LossCard } from './LossCard';
import { PastePanel } from './PastePanel';
import styles from './spec.module.css';
import { SpecFilesPanel } from './SpecFilesPanel';

type View = 'form' | 'json';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : word.endsWith('s') ? 'es' : 's'}`;
}

/**
 * The loss spec editor: a draft of the spec, edited as a form or as JSON, checked on every
 * change (each problem at its field), applied to the settings and the running worker only
 * when valid. Built-in specs, spec files and pasted MMagic loss dicts load into the draft.
 */
export function SpecEditor() {
  const playground = usePlayground();
  const settingsSpec = useSettings((s) => s.settings.spec);
  const family = useSettings((s) => s.settings.family) as Family;
  const status = useRun((s) => s.status);
  const outputKeys = editorOutputKeys(useRun((s) => s.outputKeys));
  const [stored, setState] = useState(() => initialEditorState(settingsSpec));
  // In step with the settings during render (React's "adjust state when a prop changes").
  const state = followSettings(stored, settingsSpec);
  if (state !== stored) setState(state);
  const [view, setView] = useState<View>('form');
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [announcement, setAnnouncement] = useState('');
  const [focusTarget, setFocusTarget] = useState<string | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const id = useId();

  const { draft } = state;
  const form = asFormSpec(draft);
  const issues = useMemo(() => validateDraft(draft, outputKeys), [draft, outputKeys]);
  const placed = useMemo(() => placeIssues(issues, draft), [issues, draft]);
  const peers = useMemo(
    () => (form ? form.losses.flatMap((l) => (isRecord(l) && typeof l.name === 'string' ? [{ name: l.name, network: networkOfTags(l.tags) }] : [])) : []),
    [form],
  );
  const changed = !jsonEqual(draft, settingsSpec);
  const running = status === 'running' || status === 'paused';
  const cardId = (index: number) => `${id}-${state.keys[index] ?? index}`;
  const problemsId = `${id}-problems`;
  const lossesHeadingId = `${id}-losses`;

  useEffect(() => {
    if (focusTarget === null) return;
    document.getElementById(focusTarget)?.focus();
    setFocusTarget(null);
  }, [focusTarget]);

  const commit = (next: EditorState, message?: string) => {
    setState(next);
    if (message) setAnnouncement(message);
  };
  const expand = (keys: readonly string[], open = true) =>
    setExpanded((old) => {
      const next = new Set(old);
      for (const key of keys) {
        if (open) next.add(key);
        else next.delete(key);
      }
      return next;
    });
  const addLosses = (losses: readonly unknown[], message: string) => {
    const next = appendLosses(state, losses);
    commit(next, message);
    expand(next.keys.slice(state.keys.length));
  };
  const apply = () => {
    playground.applySpec(draft as LossSpec);
    setAnnouncement(running ? 'Applied to the running objective.' : 'Applied: the next Start uses this spec.');
  };
  const goTo = (issue: SpecIssue) => {
    const at = issueTarget(issue, draft);
    if (at === null) {
      setFocusTarget(issue.path === 'name' || issue.path === 'description' ? `${id}-spec-${issue.path}` : lossesHeadingId);
      return;
    }
    const key = state.keys[at.index];
    if (key !== undefined) expand([key]);
    setFocusTarget(fieldElementId(cardId(at.index), at.field));
  };

  const specErrors = (path: string) => {
    const list = placed.spec.filter((i) => i.path === path).map((i) => i.message);
    return list.length > 0 ? list : undefined;
  };
  const builtins = [...SPECS_BY_FAMILY[family], ...Object.keys(BUILTIN_SPECS).filter((n) => !SPECS_BY_FAMILY[family].includes(n))];

  return (
    <section aria-label="Loss spec editor" className={`panel ${styles.editor}`}>
      <h2>Loss spec</h2>
      <Field id={`${id}-builtin`} label="Start from a built-in spec" name="Start from a built-in spec (loads it into the editor)">
        {(control) => (
          <select
            {...control}
            value=""
            onChange={(e) => {
              const name = e.target.value;
              if (name === '') return;
              commit(replaceDraft(state, builtinSpec(name), true), `Loaded ${name} into the editor; apply it to use it.`);
            }}
          >
            <option value="">choose…</option>
            {builtins.map((name) => (
              <option key={name} value={name}>
                {name}
                {SPECS_BY_FAMILY[family].includes(name) ? '' : ' (made for another family)'}
              </option>
            ))}
          </select>
        )}
      </Field>

      <div className={styles.applyBar}>
        <button type="button" onClick={apply} disabled={issues.length > 0 || !changed} aria-describedby={problemsId}>
          {running ? 'Apply to run' : 'Apply'}
        </button>
        <button type="button" onClick={() => commit(revert(state), 'Edits discarded.')} disabled={!changed}>
          Revert
        </button>
        <span id={problemsId} className={issues.length > 0 ? styles.summaryInvalid : styles.hint}>
          {issues.length > 0 ? `${plural(issues.length, 'problem')}: fix to apply` : changed ? 'Valid, not applied yet' : 'In use'}
        </span>
      </div>
      {state.outdated && (
        <p className={styles.notice}>
          The spec in use changed since you began editing (a weight slider or the run panel).{' '}
          <button type="button" onClick={() => commit(revert(state), 'Edits discarded; the editor shows the spec in use.')}>
            Discard my edits
          </button>
        </p>
      )}
      {issues.length > 0 && (
        <ul className={styles.problems} aria-label="Problems in the spec">
          {issues.map((issue, i) => (
            <li key={i}>
              {view === 'form' ? (
                <button type="button" className={styles.linkButton} onClick={() => goTo(issue)}>
                  {issue.path}
                </button>
              ) : (
                <code>{issue.path}</code>
              )}
              : {issue.message}
            </li>
          ))}
        </ul>
      )}

      <div className={styles.row} role="group" aria-label="Editor view">
        <button type="button" aria-pressed={view === 'form'} onClick={() => setView('form')}>
          Form
        </button>
        <button type="button" aria-pressed={view === 'json'} onClick={() => setView('json')}>
          JSON
        </button>
      </div>

      {view === 'json' && <JsonView id={`${id}-json`} draft={draft} problemsId={issues.length > 0 ? problemsId : undefined} onChange={(d) => commit(replaceDraft(state, d))} />}

      {view === 'form' && form === null && (
        <p className={styles.notice}>The form needs an object with a &quot;losses&quot; list: fix the spec in the JSON view.</p>
      )}
      {view === 'form' && form !== null && (
        <>
          <div className={styles.grid2}>
            <Field id={`${id}-spec-name`} label="spec name" name="Spec name" errors={specErrors('name')}>
              {(control) => (
                <input
                  {...control}
                  type="text"
                  value={typeof form.name === 'string' ? form.name : ''}
                  onChange={(e) => commit(setSpecKey(state, 'name', e.target.value === '' ? undefined : e.target.value))}
                />
              )}
            </Field>
            <Field id={`${id}-spec-description`} label="description" name="Spec description" errors={specErrors('description')}>
              {(control) => (
                <input
                  {...control}
                  type="text"
                  value={typeof form.description === 'string' ? form.description : ''}
                  onChange={(e) => commit(setSpecKey(state, 'description', e.target.value === '' ? undefined : e.target.value))}
                />
              )}
            </Field>
          </div>
          <h3 id={lossesHeadingId} tabIndex={-1} className={styles.lossesHeading}>
            {plural(form.losses.length, 'loss')}
          </h3>
          <ErrorList id={`${id}-spec-errors`} errors={placed.spec.filter((i) => i.path !== 'name' && i.path !== 'description').map((i) => `${i.path}: ${i.message}`)} />
          {form.losses.map((loss, index) => {
            const key = state.keys[index] ?? String(index);
            const name = typeof (loss as { name?: unknown } | null)?.name === 'string' ? (loss as { name: string }).name : `loss ${index + 1}`;
            return (
              <LossCard
                key={key}
                cardId={cardId(index)}
                index={index}
                count={form.losses.length}
                loss={loss}
                issues={placed.losses[index]!}
                outputKeys={outputKeys}
                losses={peers}
                expanded={expanded.has(key)}
                onToggle={() => expand([key], !expanded.has(key))}
                onChange={(next) => commit(updateLossAt(state, index, next))}
                onMove={(delta) => commit(moveLossAt(state, index, delta), `Moved ${name} ${delta < 0 ? 'up' : 'down'}.`)}
                onRemove={() => {
                  commit(removeLossAt(state, index), `Removed ${name}.`);
                  addButton.current?.focus();
                }}
              />
            );
          })}
          <div className={styles.row}>
            <button ref={addButton} type="button" onClick={() => addLosses([newLoss(lossNames(form))], 'Added a loss.')}>
              Add loss
            </button>
          </div>
          <PastePanel
            id={`${id}-paste`}
            takenNames={lossNames(form)}
            onAdd={(losses) => addLosses(losses, `Added ${plural(losses.length, 'loss')}: ${losses.map((l) => l.name).join(', ')}.`)}
          />
        </>
      )}

      <SpecFilesPanel
        id={`${id}-files`}
        draft={draft}
        problemsId={issues.length > 0 ? problemsId : undefined}
        onImport={(json, fileName) => commit(replaceDraft(state, json, true), `Imported ${fileName} into the editor; apply it to use it.`)}
      />
      <p role="status" className={styles.hint}>
        {announcement}
      </p>
    </section>
  );
}
