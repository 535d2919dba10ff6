import { isRecord } from '../../losses/isRecord';
import { describedBy, ErrorList, Field } from './fields';
import { dataInfoArgs } from './issues';
import styles from './spec.module.css';

export interface DataInfoEditorProps {
  readonly loss: Readonly<Record<string, unknown>>;
  readonly owner: string;
  /** `fieldId('data_info')` is the group's, `fieldId('data_info.pred')` an argument's. */
  readonly fieldId: (field: string) => string;
  readonly errorsAt: (field: string) => readonly string[] | undefined;
  /** The outputs keys an argument may name. */
  readonly outputKeys: readonly string[];
  readonly onChange: (arg: string, outputsKey: string) => void;
}

/** One select per argument of the loss type, listing the engine's outputs keys; required arguments are marked. */
export function DataInfoEditor({ loss, owner, fieldId, errorsAt, outputKeys, onChange }: DataInfoEditorProps) {
  const mapping = isRecord(loss.data_info) ? loss.data_info : {};
  const groupErrors = errorsAt('data_info');
  const groupErrorId = `${fieldId('data_info')}-error`;
  const args = dataInfoArgs(loss);
  return (
    <fieldset
      id={fieldId('data_info')}
      tabIndex={-1}
      className={styles.group}
      aria-describedby={describedBy(groupErrors && groupErrorId)}
    >
      <legend>data_info: where each argument comes from</legend>
      <ErrorList id={groupErrorId} errors={groupErrors} />
      {args.length === 0 && <p className={styles.hint}>Pick a known loss type to map its arguments.</p>}
      <div className={styles.grid2}>
        {args.map((arg) => {
          const value = mapping[arg.name];
          const current = typeof value === 'string' ? value : '';
          const label = `${arg.name}${arg.optional ? '' : ' *'}`;
          const name = `data_info for ${arg.name} of ${owner}${arg.optional ? '' : ' (required)'}`;
          return (
            <Field key={arg.name} id={fieldId(`data_info.${arg.name}`)} label={label} name={name} errors={errorsAt(`data_info.${arg.name}`)}>
              {(control) => (
                <select {...control} value={current} onChange={(e) => onChange(arg.name, e.target.value)}>
                  <option value="">{arg.known ? '(not mapped)' : '(remove)'}</option>
                  {current !== '' && !outputKeys.includes(current) && <option value={current}>{current} (not an outputs key)</option>}
                  {outputKeys.map((key) => (
                    <option key={key} value={key}>
                      {key}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          );
        })}
      </div>
      {args.some((a) => !a.optional) && <p className={styles.hint}>* required</p>}
    </fieldset>
  );
}
