import { useState } from 'react';
import { describedBy } from './fields';
import { parseJsonText, prettyJson } from './jsonText';
import styles from './spec.module.css';

interface ViewState {
  readonly text: string;
  /** The draft the text stands for: a draft changed elsewhere (import, paste) replaces the text. */
  readonly source: unknown;
  readonly error: string | undefined;
}

/** The draft as pretty JSON: every edit that parses becomes the draft; a syntax error is shown with its line and column. */
export function JsonView({ id, draft, problemsId, onChange }: { id: string; draft: unknown; problemsId: string | undefined; onChange: (draft: unknown) => void }) {
  const [state, setState] = useState<ViewState>(() => ({ text: prettyJson(draft), source: draft, error: undefined }));
  const view = state.source === draft ? state : { text: prettyJson(draft), source: draft, error: undefined };
  const errorId = `${id}-syntax`;
  return (
    <div className={styles.field}>
      <label htmlFor={id}>Spec as JSON</label>
      <textarea
        id={id}
        className={styles.json}
        spellCheck={false}
        rows={24}
        value={view.text}
        aria-invalid={view.error ? true : undefined}
        aria-describedby={describedBy(view.error && errorId, problemsId)}
        onChange={(e) => {
          const text = e.target.value;
          const parsed = parseJsonText(text);
          if (parsed.ok) {
            setState({ text, source: parsed.value, error: undefined });
            onChange(parsed.value);
          } else {
            setState({ text, source: draft, error: parsed.message });
          }
        }}
      />
      {view.error && (
        <p id={errorId} className={styles.errors}>
          JSON syntax error at {view.error}. The spec keeps its last valid JSON.
        </p>
      )}
    </div>
  );
}
