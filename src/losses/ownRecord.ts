// Records keyed by what a user typed (loss names, data_info arguments, layer names), where
// `__proto__`, `toString` and `constructor` are names like any other. zod's `z.record` leaves
// out an own `__proto__` key on purpose (assigning it would replace the result's prototype),
// so a user's `__proto__` would vanish without a word; these keep every own key, in a
// null-prototype record, where no key is confused with one of Object.prototype's.
import { z } from '../zodConfig'; // zod, configured jitless before any schema is built
import { isRecord } from './isRecord';

/** An empty record with no prototype: `'toString' in ownRecord()` is false. */
export function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** Sets `record[key]` as an own property, whatever the key (`record.__proto__ = x` would set the prototype). */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

/** `record[key]` when it is the record's own, else undefined (never an Object.prototype member). */
export function getOwn<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * Like `z.record(z.string(), value)`, but every own key is kept (`__proto__` too) and the
 * result has no prototype. Issues name their key, as z.record's do.
 */
export function ownRecordSchema<V extends z.ZodType>(value: V) {
  return z.unknown().transform((input, ctx): Record<string, z.output<V>> => {
    if (!isRecord(input)) {
      ctx.addIssue({ code: 'invalid_type', expected: 'record', input });
      return z.NEVER;
    }
    const out = emptyRecord<z.output<V>>();
    for (const key of Object.keys(input)) {
      const result = value.safeParse(input[key]);
      if (result.success) setOwn(out, key, result.data);
      else for (const issue of result.error.issues) ctx.addIssue({ ...issue, path: [key, ...issue.path] } as z.core.$ZodRawIssue);
    }
    return out;
  });
}

/** The record inside `optional`, `nullable` and `default` wrappers, or undefined when there is none. */
function recordIn(schema: z.ZodType): z.ZodRecord | undefined {
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable || inner instanceof z.ZodDefault) {
    inner = inner.unwrap() as z.ZodType;
  }
  return inner instanceof z.ZodRecord ? inner : undefined;
}

/** A key of a record option whose value does not parse, after zod's own parse dropped it. */
export interface OwnRecordProblem {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/**
 * After `schema` (an object of options) parsed `input` into `data`: each record option of
 * `data` rebuilt as a null-prototype record of every own key of its input, so a `__proto__`
 * key is there to be reported (a data_info argument the loss lacks) instead of dropped. The
 * keys zod skipped are parsed here, and their problems returned.
 */
export function keepOwnRecordKeys(schema: z.ZodObject, input: Record<string, unknown>, data: Record<string, unknown>): OwnRecordProblem[] {
  const problems: OwnRecordProblem[] = [];
  for (const [option, optionSchema] of Object.entries(schema.shape)) {
    const record = recordIn(optionSchema as z.ZodType);
    const given = input[option];
    const parsed = data[option];
    if (record === undefined || !isRecord(given) || !isRecord(parsed)) continue;
    const out = emptyRecord<unknown>();
    for (const key of Object.keys(given)) {
      if (Object.hasOwn(parsed, key)) {
        setOwn(out, key, parsed[key]);
        continue;
      }
      const result = (record.valueType as z.ZodType).safeParse(given[key]);
      if (result.success) setOwn(out, key, result.data);
      else problems.push(...result.error.issues.map((issue) => ({ path: [option, key, ...issue.path], message: issue.message })));
    }
    data[option] = out;
  }
  return problems;
}
