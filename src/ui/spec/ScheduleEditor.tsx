import { isRecord } from '../../losses/isRecord';
import type { ScheduleKind } from '../../manager/schedule';
import { setKey } from './draft';
import { Field, NumberInput, useBufferedText, type ControlProps } from './fields';
import { ScheduleSparkline } from './ScheduleSparkline';
import { defaultSchedule, pairsText, parsePairs, SCHEDULE_CHOICES, SCHEDULE_FIELDS, scheduleKindOf, type ScheduleField } from './scheduleForm';
import styles from './spec.module.css';

export interface ScheduleEditorProps {
  /** Field ids: `${id}` for the kind, `${id}.unit`, `${id}.endEpoch`, ... */
  readonly id: string;
  readonly schedule: unknown;
  /** The loss's weight, where a new schedule ends. */
  readonly weight: number;
  readonly owner: string;
  /** Problems by field: 'schedule', 'schedule.unit', 'schedule.endEpoch', ... */
  readonly errorsAt: (field: string) => readonly string[] | undefined;
  readonly onChange: (schedule: unknown) => void;
}

function PairsInput({ control, value, onChange }: { control: ControlProps; value: unknown; onChange: (v: unknown) => void }) {
  const [text, setText] = useBufferedText(value, parsePairs, pairsText);
  return (
    <input
      {...control}
      type="text"
      spellCheck={false}
      placeholder="0: 1, 500: 0.1"
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange(parsePairs(e.target.value));
      }}
    />
  );
}

/** The schedule's kind ('none' for a fixed weight), its unit and fields, and its curve. */
export function ScheduleEditor({ id, schedule, weight, owner, errorsAt, onChange }: ScheduleEditorProps) {
  const kind = scheduleKindOf(schedule);
  const record = isRecord(schedule) ? schedule : {};
  const unit = record.unit === 'epoch' ? 'epoch' : 'step';
  const set = (key: string, value: unknown) => onChange(setKey(record, key, value));
  const field = (f: ScheduleField) => {
    const fieldId = `${id}.${f.key}`;
    const label = f.kind === 'time' ? `${f.label} (${unit})` : f.label;
    return (
      <Field key={f.key} id={fieldId} label={label} name={`Schedule ${f.label} of ${owner}`} errors={errorsAt(`schedule.${f.key}`)}>
        {(control) =>
          f.kind === 'pairs' ? (
            <PairsInput control={control} value={record[f.key]} onChange={(v) => set(f.key, v)} />
          ) : (
            <NumberInput {...control} value={record[f.key]} min={f.kind === 'weight' ? 0 : undefined} onValue={(v) => set(f.key, v)} />
          )
        }
      </Field>
    );
  };
  return (
    <fieldset className={styles.group}>
      <legend>Schedule</legend>
      <div className={styles.row}>
        <Field id={id} label="schedule" name={`Schedule of ${owner}`} errors={errorsAt('schedule')}>
          {(control) => (
            <select
              {...control}
              value={kind === 'unknown' ? '' : kind}
              onChange={(e) => {
                const next = e.target.value;
                onChange(next === 'none' ? null : defaultSchedule(next as ScheduleKind, schedule, weight));
              }}
            >
              {kind === 'unknown' && <option value="">(not understood)</option>}
              {SCHEDULE_CHOICES.map((choice) => (
                <option key={choice} value={choice}>
                  {choice === 'none' ? 'none (fixed weight)' : choice}
                </option>
              ))}
            </select>
          )}
        </Field>
        {kind !== 'none' && kind !== 'unknown' && (
          <Field id={`${id}.unit`} label="unit" name={`Schedule unit of ${owner}`} errors={errorsAt('schedule.unit')}>
            {(control) => (
              <select {...control} value={unit} onChange={(e) => set('unit', e.target.value)}>
                <option value="step">step</option>
                <option value="epoch">epoch</option>
              </select>
            )}
          </Field>
        )}
      </div>
      {kind !== 'none' && kind !== 'unknown' && (
        <>
          <div className={styles.grid2}>{SCHEDULE_FIELDS[kind].map(field)}</div>
          <ScheduleSparkline schedule={schedule} owner={owner} />
        </>
      )}
      {kind === 'unknown' && <p className={styles.hint}>Edit this schedule in the JSON view, or pick a kind to replace it.</p>}
    </fieldset>
  );
}
