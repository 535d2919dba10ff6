// Labelled inputs with their problems: each control names what it edits (aria-label, e.g.
// "data_info for pred of G_L1"), and is aria-invalid with its reasons linked by
// aria-describedby while the draft has a problem there.
import { useState, type ReactNode } from 'react';
import { showValue } from '../../losses/jsonText';
import { jsonEqual } from './draft';
import styles from './spec.module.css';

/** What a control needs to be named and tied to its hint and problems. */
export interface ControlProps {
  readonly id: string;
  readonly 'aria-label': string;
  readonly 'aria-invalid': true | undefined;
  readonly 'aria-describedby': string | undefined;
}

export interface FieldProps {
  readonly id: string;
  /** The visible label, short: the card already says which loss. */
  readonly label: ReactNode;
  /** The accessible name, in full: "Weight of G_L1". */
  readonly name: string;
  readonly errors?: readonly string[];
  readonly hint?: string;
  readonly children: (control: ControlProps) => ReactNode;
  /** Lays the label beside a checkbox instead of above the control. */
  readonly inline?: boolean;
}

export function describedBy(...ids: (string | false | undefined | null)[]): string | undefined {
  const joined = ids.filter(Boolean).join(' ');
  return joined === '' ? undefined : joined;
}

export function ErrorList({ id, errors }: { id: string; errors: readonly string[] | undefined }) {
  if (!errors || errors.length === 0) return null;
  return (
    <ul id={id} className={styles.errors}>
      {errors.map((message, i) => (
        <li key={i}>{message}</li>
      ))}
    </ul>
  );
}

export function Field({ id, label, name, errors, hint, children, inline }: FieldProps) {
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const invalid = errors !== undefined && errors.length > 0;
  const control = children({
    id,
    'aria-label': name,
    'aria-invalid': invalid ? true : undefined,
    'aria-describedby': describedBy(invalid && errorId, hint && hintId),
  });
  return (
    <div className={inline ? styles.inlineField : styles.field}>
      {inline && control}
      <label htmlFor={id}>{label}</label>
      {!inline && control}
      {hint && (
        <p id={hintId} className={styles.hint}>
          {hint}
        </p>
      )}
      <ErrorList id={errorId} errors={errors} />
    </div>
  );
}

/**
 * Text that stands for a parsed value (a tag list, keyframes, JSON): the user's own text is
 * kept while it still means the draft's value, so typing "a, " is not reformatted under the
 * cursor; when the value changes from elsewhere, the text follows it.
 */
export function useBufferedText<T>(value: T, parse: (text: string) => T, format: (value: T) => string): [string, (text: string) => void] {
  const [text, setText] = useState(() => format(value));
  return [jsonEqual(parse(text), value) ? text : format(value), setText];
}

export interface NumberInputProps extends ControlProps {
  readonly value: unknown;
  /** The number, or undefined when the field is emptied. */
  readonly onValue: (value: number | undefined) => void;
  readonly integer?: boolean;
  readonly min?: number;
  readonly max?: number;
  readonly placeholder?: string;
}

/**
 * A number field. Out-of-range numbers reach the draft, so its check says why at the field;
 * text the browser cannot read as a number leaves the draft as it was and says so here.
 */
export function NumberInput({ value, onValue, integer, min, max, placeholder, ...control }: NumberInputProps) {
  const [unreadable, setUnreadable] = useState(false);
  const errorId = `${control.id}-nan`;
  return (
    <>
      <input
        {...control}
        type="number"
        inputMode="decimal"
        step={integer ? 1 : 'any'}
        min={min}
        max={max}
        placeholder={placeholder}
        value={typeof value === 'number' ? value : ''}
        aria-invalid={unreadable || control['aria-invalid'] ? true : undefined}
        aria-describedby={describedBy(control['aria-describedby'], unreadable && errorId)}
        onChange={(e) => {
          const { value: text, validity } = e.target;
          setUnreadable(validity.badInput);
          if (validity.badInput) return;
          onValue(text === '' ? undefined : Number(text));
        }}
      />
      {unreadable && (
        <p id={errorId} className={styles.errors}>
          Not a number; the spec keeps {showValue(value ?? null)}.
        </p>
      )}
    </>
  );
}
