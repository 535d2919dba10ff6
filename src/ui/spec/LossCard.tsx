import { isLossType, LOSS_CATALOG, LOSS_TYPES } from '../../losses/catalog';
import { isRecord } from '../../losses/isRecord';
import { showValue } from '../../losses/jsonText';
import { NETWORKS } from '../../manager/networks';
import { DataInfoEditor } from './DataInfoEditor';
import { setDataInfoArg, setKey, setLossType, type DraftLoss } from './draft';
import { describedBy, ErrorList, Field, NumberInput, useBufferedText } from './fields';
import { fieldElementId, formOptions, otherKeys, reasonAtField, type LossIssues } from './issues';
import { OptionInput } from './OptionInput';
import { AdaptiveWeightEditor } from './AdaptiveWeightEditor';
import { ScheduleEditor } from './ScheduleEditor';
import styles from './spec.module.css';
import { extraTagsText, networkOfTags, withExtraTags, withNetwork } from './tags';

const NETWORK_LABELS = { G: 'G (generator)', D: 'D (discriminator)' } as const;

export interface LossCardProps {
  /** Unique on the page; field ids derive from it (fieldElementId). */
  readonly cardId: string;
  readonly index: number;
  readonly count: number;
  readonly loss: unknown;
  readonly issues: LossIssues;
  readonly outputKeys: readonly string[];
  /** Each loss of the draft by name, with the network it trains: the adaptive weight's references. */
  readonly losses: readonly { readonly name: string; readonly network: string | null }[];
  readonly expanded: boolean;
  readonly onToggle: () => void;
  readonly onChange: (loss: DraftLoss) => void;
  readonly onRemove: () => void;
  readonly onMove: (delta: -1 | 1) => void;
}

function TagsText({ tags, owner, id, invalid, onChange }: { tags: unknown; owner: string; id: string; invalid: string | undefined; onChange: (tags: string[]) => void }) {
  const [text, setText] = useBufferedText(tags, (t) => withExtraTags(tags, t), extraTagsText);
  return (
    <div className={styles.field}>
      <label htmlFor={id}>extra tags (comma-separated)</label>
      <input
        id={id}
        type="text"
        spellCheck={false}
        aria-label={`Extra tags of ${owner}`}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={invalid}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          onChange(withExtraTags(tags, e.target.value));
        }}
      />
    </div>
  );
}

function summary(loss: DraftLoss, problems: number): string {
  const network = networkOfTags(loss.tags) ?? '?';
  const weight = typeof loss.loss_weight === 'number' ? loss.loss_weight : 1;
  const parts = [String(loss.type ?? '?'), network, loss.schedule != null ? 'scheduled' : `weight ${weight}`];
  if (problems > 0) parts.push(`${problems} problem${problems === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

/** One loss of the draft: name, type, network and tags, weight, schedule, options, data_info. */
export function LossCard(props: LossCardProps) {
  const { cardId, index, count, issues, expanded } = props;
  const fieldId = (field: string) => fieldElementId(cardId, field);
  const headingId = fieldId('');
  const bodyId = `${cardId}-body`;
  const problems = issues.card.length + [...issues.fields.values()].reduce((n, list) => n + list.length, 0);

  if (!isRecord(props.loss)) {
    return (
      <section className={styles.card} aria-labelledby={headingId}>
        <h3 id={headingId} tabIndex={-1}>
          Loss {index + 1}
        </h3>
        <ErrorList id={`${cardId}-errors`} errors={issues.card.map((i) => i.message)} />
        <button type="button" onClick={props.onRemove}>
          Remove loss {index + 1}
        </button>
      </section>
    );
  }
  const loss = props.loss;
  const owner = typeof loss.name === 'string' && loss.name !== '' ? loss.name : `loss ${index + 1}`;
  const errorsAt = (field: string) => {
    const list = issues.fields.get(field);
    return list && list.map((issue) => reasonAtField(issue, loss.name));
  };
  const set = (key: string, value: unknown) => props.onChange(setKey(loss, key, value));
  const network = networkOfTags(loss.tags);
  const type = typeof loss.type === 'string' ? loss.type : '';
  const known = isLossType(type);
  const tagErrors = errorsAt('tags');
  const tagErrorId = `${fieldId('tags')}-error`;
  const cardErrorId = `${cardId}-errors`;

  return (
    <section className={styles.card} aria-labelledby={headingId} aria-describedby={describedBy(issues.card.length > 0 && cardErrorId)}>
      <div className={styles.cardHeader}>
        <h3 id={headingId} tabIndex={-1}>
          {index + 1}. {owner}
        </h3>
        <div className={styles.cardButtons}>
          <button type="button" aria-expanded={expanded} aria-controls={bodyId} aria-label={`${expanded ? 'Collapse' : 'Edit'} ${owner}`} onClick={props.onToggle}>
            {expanded ? 'Collapse' : 'Edit'}
          </button>
          <button type="button" aria-label={`Move ${owner} up`} disabled={index === 0} onClick={() => props.onMove(-1)}>
            ↑
          </button>
          <button type="button" aria-label={`Move ${owner} down`} disabled={index === count - 1} onClick={() => props.onMove(1)}>
            ↓
          </button>
          <button type="button" aria-label={`Remove ${owner}`} onClick={props.onRemove}>
            ✕
          </button>
        </div>
      </div>
      <p className={problems > 0 ? styles.summaryInvalid : styles.hint}>{summary(loss, problems)}</p>
      <ErrorList id={cardErrorId} errors={issues.card.map((i) => i.message)} />
      {expanded && (
        <div id={bodyId}>
          <div className={styles.grid2}>
            <Field id={fieldId('name')} label="name" name={`Name of loss ${index + 1}`} errors={errorsAt('name')}>
              {(control) => <input {...control} type="text" spellCheck={false} value={typeof loss.name === 'string' ? loss.name : ''} onChange={(e) => set('name', e.target.value)} />}
            </Field>
            <Field id={fieldId('loss_weight')} label="loss_weight" name={`loss_weight of ${owner}`} errors={errorsAt('loss_weight')} hint={loss.schedule != null ? 'The schedule sets the weight while it is on.' : undefined}>
              {(control) => <NumberInput {...control} value={loss.loss_weight} min={0} placeholder="1" onValue={(v) => set('loss_weight', v)} />}
            </Field>
          </div>
          <Field id={fieldId('type')} label="type" name={`Type of loss ${index + 1}`} errors={errorsAt('type')} hint={known ? LOSS_CATALOG[type].description : undefined}>
            {(control) => (
              <select {...control} value={type} onChange={(e) => props.onChange(setLossType(loss, e.target.value))}>
                {!known && <option value={type}>{type === '' ? 'choose…' : `${type} (not a built-in type)`}</option>}
                {LOSS_TYPES.map((t) => (
                  <option key={t} value={t} title={LOSS_CATALOG[t].description}>
                    {t}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <fieldset className={styles.group} aria-describedby={describedBy(tagErrors && tagErrorId)}>
            <legend>Network and tags</legend>
            <div role="radiogroup" aria-label={`Network of ${owner}`} className={styles.row}>
              {NETWORKS.map((n, i) => (
                <label key={n} className={styles.radio}>
                  <input
                    type="radio"
                    id={i === 0 ? fieldId('tags') : undefined}
                    name={`${cardId}-network`}
                    value={n}
                    checked={network === n}
                    aria-invalid={tagErrors ? true : undefined}
                    aria-describedby={describedBy(tagErrors && tagErrorId)}
                    onChange={() => set('tags', withNetwork(loss.tags, n))}
                  />
                  {NETWORK_LABELS[n]}
                </label>
              ))}
            </div>
            <TagsText tags={loss.tags} owner={owner} id={fieldId('tags.extra')} invalid={tagErrors && tagErrorId} onChange={(tags) => set('tags', tags)} />
            <ErrorList id={tagErrorId} errors={tagErrors} />
          </fieldset>
          <ScheduleEditor
            id={fieldId('schedule')}
            schedule={loss.schedule}
            weight={typeof loss.loss_weight === 'number' ? loss.loss_weight : 1}
            owner={owner}
            errorsAt={errorsAt}
            onChange={(schedule) => set('schedule', schedule)}
          />
          <AdaptiveWeightEditor
            id={fieldId('adaptive_weight')}
            value={loss.adaptive_weight}
            peers={props.losses.filter((l) => l.network === network && l.name !== loss.name).map((l) => l.name)}
            owner={owner}
            errorsAt={errorsAt}
            onChange={(value) => set('adaptive_weight', value)}
          />
          {known && (
            <fieldset className={styles.group}>
              <legend>Options of {type}</legend>
              {formOptions(type).map((option) => (
                <OptionInput
                  key={option.name}
                  id={fieldId(option.name)}
                  option={option}
                  value={loss[option.name]}
                  owner={owner}
                  errors={errorsAt(option.name)}
                  onChange={(value) => set(option.name, value)}
                />
              ))}
            </fieldset>
          )}
          <DataInfoEditor
            loss={loss}
            owner={owner}
            fieldId={fieldId}
            errorsAt={errorsAt}
            outputKeys={props.outputKeys}
            onChange={(arg, key) => props.onChange(setDataInfoArg(loss, arg, key))}
          />
          {otherKeys(loss).length > 0 && (
            <fieldset className={styles.group}>
              <legend>Other keys</legend>
              {otherKeys(loss).map((key) => {
                const errors = errorsAt(key);
                const errorId = `${fieldId(key)}-error`;
                return (
                  <div key={key} className={styles.otherKey}>
                    <code>
                      {key}: {showValue(loss[key], 200)}
                    </code>
                    <button
                      type="button"
                      id={fieldId(key)}
                      aria-label={`Remove key ${key} of ${owner}`}
                      aria-describedby={describedBy(errors && errorId)}
                      onClick={() => set(key, undefined)}
                    >
                      Remove
                    </button>
                    <ErrorList id={errorId} errors={errors} />
                  </div>
                );
              })}
            </fieldset>
          )}
        </div>
      )}
    </section>
  );
}
