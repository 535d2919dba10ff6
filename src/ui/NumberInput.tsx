import { useId, useState, type InputHTMLAttributes } from 'react';

export interface NumberInputProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'> {
  readonly value: number;
  /** Called with the entered number when it is committed (Enter, or the box losing focus). */
  readonly onCommit: (value: number) => void;
  /** Why `value` is not allowed, or null. @default finite numbers only */
  readonly check?: (value: number) => string | null;
}

/** The box's text as a number, or null when it is not one. */
export function parseNumber(text: string): number | null {
  const v = Number(text);
  return text.trim() !== '' && Number.isFinite(v) ? v : null;
}

/**
 * A number box that sends its value when it is entered (Enter or leaving the box), not on every
 * keystroke: typing "0.25" must not apply 0 and 0.2 to a running run on the way. Escape undoes
 * the edit; a value that is not allowed stays on screen, marked, with the reason.
 */
export function NumberInput({ value, onCommit, check, ...rest }: NumberInputProps) {
  const errorId = useId();
  const [text, setText] = useState<string | null>(null);
  const parsed = text === null ? value : parseNumber(text);
  const problem = text === null ? null : parsed === null ? 'not a number' : (check?.(parsed) ?? null);
  const commit = () => {
    if (text === null || parsed === null || problem !== null) return;
    if (parsed !== value) onCommit(parsed);
    setText(null);
  };
  return (
    <>
      <input
        {...rest}
        type="number"
        value={text ?? String(value)}
        aria-invalid={problem !== null || undefined}
        aria-describedby={problem !== null ? errorId : rest['aria-describedby']}
        onChange={(e) => setText(e.target.value)}
        onBlur={(e) => {
          commit();
          rest.onBlur?.(e);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setText(null);
          rest.onKeyDown?.(e);
        }}
      />
      {problem !== null && (
        <span id={errorId} role="alert" className="error">
          {rest['aria-label'] ?? 'This value'}: {problem} (Enter applies, Escape undoes)
        </span>
      )}
    </>
  );
}
