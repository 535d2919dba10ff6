import type { OptionInfo } from '../../losses/catalog';
import { checkJsonShape } from '../../losses/jsonShape';
import { Field, NumberInput, useBufferedText, type ControlProps } from './fields';

export interface OptionInputProps {
  readonly id: string;
  readonly option: OptionInfo;
  /** The draft's value; undefined when the option is left to its default. */
  readonly value: unknown;
  /** The loss's name, for the accessible name: "reduction of G_L1". */
  readonly owner: string;
  readonly errors: readonly string[] | undefined;
  /** The new value; undefined unsets the option (its default applies). */
  readonly onChange: (value: unknown) => void;
}

function showDefault(option: OptionInfo): string {
  if (!('default' in option)) return option.required ? 'required' : 'unset';
  return option.default === null ? 'none' : String(option.default);
}

/** A record or list option as JSON text; text that is not JSON goes into the draft as it is, for the check to report. */
function parseJsonOption(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    // JSON too deep for the validators to walk stays text, which the check reports.
    return checkJsonShape(value) === null ? value : text;
  } catch {
    return text;
  }
}

function formatJsonOption(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function JsonOption({ control, value, placeholder, onChange }: { control: ControlProps; value: unknown; placeholder: string; onChange: (v: unknown) => void }) {
  const [text, setText] = useBufferedText(value, parseJsonOption, formatJsonOption);
  return (
    <input
      {...control}
      type="text"
      spellCheck={false}
      placeholder={placeholder}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange(parseJsonOption(e.target.value));
      }}
    />
  );
}

/** One option of a loss type, as the catalog describes it: its kind picks the control, its default the placeholder. */
export function OptionInput({ id, option, value, owner, errors, onChange }: OptionInputProps) {
  const placeholder = showDefault(option);
  const name = `${option.name} of ${owner}`;
  const label = option.required ? `${option.name} (required)` : option.name;
  const field = { id, name, errors, hint: option.description };
  switch (option.kind) {
    case 'number':
    case 'integer':
      return (
        <Field {...field} label={label}>
          {(control) => (
            <NumberInput
              {...control}
              value={value}
              onValue={onChange}
              integer={option.kind === 'integer'}
              min={option.min ?? option.exclusiveMin}
              max={option.max ?? option.exclusiveMax}
              placeholder={placeholder}
            />
          )}
        </Field>
      );
    case 'boolean':
      // With a default, a checkbox shows it; without one (GANLoss's target_is_real), unset means something, so a select.
      if (typeof option.default === 'boolean') {
        return (
          <Field {...field} label={label} inline>
            {(control) => <input {...control} type="checkbox" checked={typeof value === 'boolean' ? value : (option.default as boolean)} onChange={(e) => onChange(e.target.checked)} />}
          </Field>
        );
      }
      return (
        <Field {...field} label={label}>
          {(control) => (
            <select {...control} value={typeof value === 'boolean' ? String(value) : ''} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value === 'true')}>
              <option value="">unset</option>
              <option value="true">true</option>
              <option value="false">false</option>
            </select>
          )}
        </Field>
      );
    case 'enum': {
      const values = option.values ?? [];
      const current = value === undefined ? '' : String(value);
      const known = value === undefined || values.some((v) => String(v) === current);
      return (
        <Field {...field} label={label}>
          {(control) => (
            <select
              {...control}
              value={current}
              onChange={(e) => onChange(e.target.value === '' ? undefined : values.find((v) => String(v) === e.target.value))}
            >
              <option value="">{option.required ? 'choose…' : `default (${placeholder})`}</option>
              {!known && <option value={current}>{current} (not allowed)</option>}
              {values.map((v) => (
                <option key={String(v)} value={String(v)}>
                  {String(v)}
                </option>
              ))}
            </select>
          )}
        </Field>
      );
    }
    case 'string':
      return (
        <Field {...field} label={label}>
          {(control) => (
            <input
              {...control}
              type="text"
              spellCheck={false}
              placeholder={placeholder}
              value={typeof value === 'string' ? value : ''}
              onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
            />
          )}
        </Field>
      );
    case 'record':
    case 'array':
      return (
        <Field {...field} label={`${label} (JSON)`}>
          {(control) => <JsonOption control={control} value={value} placeholder={placeholder} onChange={onChange} />}
        </Field>
      );
  }
}
