import { isRecord } from '../../losses/isRecord';
import { ADAPTIVE_DEFAULTS } from '../../manager/adaptiveWeight';
import { setKey } from './draft';
import { Field, NumberInput } from './fields';
import styles from './spec.module.css';

export interface AdaptiveWeightEditorProps {
  /** Field ids: `${id}` for the reference, `${id}.max`, `${id}.eps`. */
  readonly id: string;
  readonly value: unknown;
  /** The other losses of the draft that train the same network: the references on offer. */
  readonly peers: readonly string[];
  readonly owner: string;
  /** Problems by field: 'adaptive_weight', 'adaptive_weight.reference', ... */
  readonly errorsAt: (field: string) => readonly string[] | undefined;
  readonly onChange: (value: unknown) => void;
}

/**
 * VQGAN's adaptive weight as a form: off, or a reference loss whose gradient at the network's
 * last layer sets the scale each update, with the clamp and epsilon (VQGAN's 1e4 and 1e-4 when
 * left empty).
 */
export function AdaptiveWeightEditor({ id, value, peers, owner, errorsAt, onChange }: AdaptiveWeightEditorProps) {
  const record = isRecord(value) ? value : null;
  const reference = record && typeof record.reference === 'string' ? record.reference : '';
  const set = (key: string, v: unknown) => onChange(setKey(record ?? {}, key, v));
  const errors = [...(errorsAt('adaptive_weight') ?? []), ...(errorsAt('adaptive_weight.reference') ?? [])];
  return (
    <fieldset className={styles.group}>
      <legend>Adaptive weight (VQGAN)</legend>
      <div className={styles.row}>
        <Field
          id={id}
          label="reference"
          name={`Adaptive weight reference of ${owner}`}
          errors={errors.length > 0 ? errors : undefined}
          hint="Each update the weight is multiplied by |grad reference| / |grad this loss| at the network's last layer."
        >
          {(control) => (
            <select {...control} value={record === null ? '' : reference} onChange={(e) => onChange(e.target.value === '' ? undefined : { ...(record ?? {}), reference: e.target.value })}>
              <option value="">off (a fixed weight)</option>
              {reference !== '' && !peers.includes(reference) && <option value={reference}>{reference} (not a loss of this network)</option>}
              {peers.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          )}
        </Field>
        {record !== null && (
          <>
            <Field id={`${id}.max`} label="max" name={`Adaptive weight max of ${owner}`} errors={errorsAt('adaptive_weight.max')}>
              {(control) => <NumberInput {...control} value={record.max} min={0} placeholder={String(ADAPTIVE_DEFAULTS.max)} onValue={(v) => set('max', v)} />}
            </Field>
            <Field id={`${id}.eps`} label="eps" name={`Adaptive weight eps of ${owner}`} errors={errorsAt('adaptive_weight.eps')}>
              {(control) => <NumberInput {...control} value={record.eps} min={0} placeholder={String(ADAPTIVE_DEFAULTS.eps)} onValue={(v) => set('eps', v)} />}
            </Field>
          </>
        )}
      </div>
    </fieldset>
  );
}
