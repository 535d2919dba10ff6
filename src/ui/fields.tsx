// The run controls' fields: a labelled box, a number box and a list, each checked at the field
// with the reason Start would give (the one schema of src/protocol/runSettings.ts).
import { useId, useState } from 'react';
import type { RunSettings } from '../protocol/messages';
import { validateRunSettings, type SettingsIssue } from '../protocol/runSettings';
import { NumberInput } from './NumberInput';

export function Field({ label, children }: { label: string; children: (id: string) => React.ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}

export interface NumberFieldProps {
  readonly label: string;
  readonly value: number;
  readonly min?: number;
  readonly step?: number | 'any';
  readonly check?: (v: number) => string | null;
  readonly onChange: (v: number) => void;
}

export function NumberField({ label, value, min, step, check, onChange }: NumberFieldProps) {
  return <Field label={label}>{(id) => <NumberInput id={id} aria-label={label} value={value} min={min} step={step ?? 1} check={check} onCommit={onChange} />}</Field>;
}

export interface SelectFieldProps<T extends string | number> {
  readonly label: string;
  readonly value: T;
  readonly options: readonly T[];
  /** What each option shows. @default the value */
  readonly text?: (option: T) => string;
  /** Why the option cannot be taken (it stays unchosen, the reason shown), or null. */
  readonly check?: (option: T) => string | null;
  readonly onChange: (option: T) => void;
}

/** A list whose choice is checked first: one that cannot run is not taken, and the reason is shown. */
export function SelectField<T extends string | number>({ label, value, options, text, check, onChange }: SelectFieldProps<T>) {
  const errorId = useId();
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <Field label={label}>
      {(id) => (
        <>
          <select
            id={id}
            value={String(value)}
            aria-invalid={problem !== null || undefined}
            aria-describedby={problem !== null ? errorId : undefined}
            onChange={(e) => {
              const option = options.find((o) => String(o) === e.target.value);
              if (option === undefined) return;
              const why = check?.(option) ?? null;
              setProblem(why === null ? null : `${label} ${String(option)}: ${why}`);
              if (why === null) onChange(option);
            }}
          >
            {options.map((o) => (
              <option key={String(o)} value={String(o)}>
                {text ? text(o) : String(o)}
              </option>
            ))}
          </select>
          {problem !== null && (
            <span id={errorId} role="alert" className="error">
              {problem}
            </span>
          )}
        </>
      )}
    </Field>
  );
}

/**
 * Why `patch` cannot go into the settings, as Start would say (the one schema, with what needs
 * other fields too: the memory a batch takes, dSteps and gSteps both 0), or null. Only the
 * problems under `paths` count: another field's problem is that field's to show.
 */
export function problemWith(settings: RunSettings, patch: Partial<RunSettings>, paths: readonly string[]): string | null {
  return issueWith(settings, patch, paths)?.message ?? null;
}

/** problemWith's issue, with its path (for a field whose value makes another field wrong). */
export function issueWith(settings: RunSettings, patch: Partial<RunSettings>, paths: readonly string[]): SettingsIssue | null {
  const result = validateRunSettings({ ...settings, ...patch });
  if (result.ok) return null;
  return result.issues.find((i) => paths.some((p) => i.path === p || i.path.startsWith(`${p}.`))) ?? null;
}
