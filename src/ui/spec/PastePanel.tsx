import { useRef, useState } from 'react';
import type { LossSpecEntry } from '../../manager/specValidation';
import { describedBy } from './fields';
import { lossesFromPython } from './pastedLosses';
import styles from './spec.module.css';

const EXAMPLE = `loss_gan=dict(type='GANLoss', gan_type='vanilla', loss_weight=0.001)
loss_gp=dict(type='GradientPenaltyLoss', loss_weight=10.)`;

/** The offset of a 1-based line and column. */
function offsetOf(text: string, line: number, column: number): number {
  const lines = text.split('\n');
  return lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
}

/** A textarea for MMagic loss dicts in Python; "Add losses" appends them to the draft. */
export function PastePanel({ id, takenNames, onAdd }: { id: string; takenNames: readonly string[]; onAdd: (losses: LossSpecEntry[]) => void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const add = () => {
    const result = lossesFromPython(text, takenNames);
    if (!result.ok) {
      setError(result.error);
      const at = result.line === undefined ? null : offsetOf(text, result.line, result.column ?? 1);
      if (at !== null && area.current) {
        area.current.focus();
        area.current.setSelectionRange(at, at + 1);
      }
      return;
    }
    setError(null);
    setText('');
    onAdd(result.losses);
  };
  return (
    <details className={styles.group}>
      <summary>Paste an MMagic loss config</summary>
      <div className={styles.field}>
        <label htmlFor={id}>MMagic loss dicts (Python)</label>
        <textarea
          ref={area}
          id={id}
          className={styles.json}
          rows={5}
          spellCheck={false}
          placeholder={EXAMPLE}
          value={text}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(hintId, error && errorId)}
          onChange={(e) => setText(e.target.value)}
        />
        <p id={hintId} className={styles.hint}>
          dict(type=...), a list of them, or name=dict(...) lines (the name becomes the loss&apos;s). Each loss joins G, or D for a
          discriminator loss (GANLoss with is_disc=True, a gradient penalty, R1, DiscShiftLoss); map its data_info after.
        </p>
        {error && (
          <p id={errorId} className={styles.errors}>
            {error}
          </p>
        )}
      </div>
      <button type="button" onClick={add} disabled={text.trim() === ''}>
        Add losses
      </button>
    </details>
  );
}
