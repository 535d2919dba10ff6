// What a form needs to know about a loss's options, read off its zod schema through zod's
// JSON Schema export, so the schema that validates an option also describes it.
import { z } from '../../zodConfig'; // zod, configured jitless before any schema is built

export const OPTION_KINDS = ['number', 'integer', 'boolean', 'enum', 'string', 'record', 'array'] as const;
export type OptionKind = (typeof OPTION_KINDS)[number];

/** A JSON value allowed as an option's enum or constant value. */
export type OptionValue = string | number | boolean | null;

/** One option of a loss, as the page's spec editor renders it. */
export interface OptionInfo {
  /** The config key, e.g. 'reduction'. */
  readonly name: string;
  readonly kind: OptionKind;
  /** True when the config must give it (no default, not optional), like GANLoss's gan_type. */
  readonly required: boolean;
  /** The value used when the config leaves it out; absent when there is none. */
  readonly default?: unknown;
  /** The only values allowed: an enum's members, or the one value of a constant. */
  readonly values?: readonly OptionValue[];
  /** Whether null is allowed too (data_info, layer_weights_style, pl_batch_size). */
  readonly nullable?: true;
  readonly min?: number;
  readonly max?: number;
  readonly exclusiveMin?: number;
  readonly exclusiveMax?: number;
  /** For a record, its values' kind; for an array, its items' kind. */
  readonly items?: OptionKind;
  readonly description?: string;
}

type JsonSchema = z.core.JSONSchema.JSONSchema;

/** The largest integer zod allows by default: an integer's bound it adds itself, not one the loss chose. */
const SAFE = Number.MAX_SAFE_INTEGER;

function fail(name: string, schema: unknown): never {
  throw new Error(`optionInfo: option "${name}" has a shape the catalog cannot describe: ${JSON.stringify(schema)}`);
}

function kindOf(name: string, schema: JsonSchema): OptionKind {
  const { type } = schema;
  if (schema.enum !== undefined) return 'enum';
  if (type === 'number' || type === 'integer' || type === 'boolean' || type === 'string' || type === 'array') return type;
  if (type === 'object' && typeof schema.additionalProperties === 'object') return 'record';
  return fail(name, schema);
}

/** The non-null branch of `anyOf: [X, {type: 'null'}]`, or the schema itself. */
function withoutNull(name: string, schema: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  if (schema.anyOf === undefined) return { schema, nullable: false };
  const rest = schema.anyOf.filter((branch) => branch.type !== 'null');
  const [only] = rest;
  if (only === undefined || rest.length !== 1 || rest.length === schema.anyOf.length) return fail(name, schema);
  return { schema: only, nullable: true };
}

function bound(value: number | boolean | undefined, implicit: number): number | undefined {
  return typeof value === 'number' && Math.abs(value) !== implicit ? value : undefined;
}

function describeOption(name: string, property: JsonSchema, required: boolean): OptionInfo {
  const { schema, nullable } = withoutNull(name, property);
  const kind = kindOf(name, schema);
  const implicit = schema.type === 'integer' ? SAFE : Infinity;
  const element = kind === 'record' ? schema.additionalProperties : kind === 'array' ? schema.items : undefined;
  const info: Record<string, unknown> = {
    name,
    kind,
    required,
    default: property.default,
    values: schema.enum ?? (schema.const === undefined ? undefined : [schema.const]),
    nullable: nullable || undefined,
    min: bound(schema.minimum, implicit),
    max: bound(schema.maximum, implicit),
    exclusiveMin: bound(schema.exclusiveMinimum, implicit),
    exclusiveMax: bound(schema.exclusiveMaximum, implicit),
    items: element === undefined ? undefined : kindOf(`${name}[]`, element as JsonSchema),
    description: property.description ?? schema.description,
  };
  // Only the facts that hold: `'default' in info` says whether the option has a default.
  return Object.fromEntries(Object.entries(info).filter(([, value]) => value !== undefined)) as unknown as OptionInfo;
}

/** The options of a loss's config schema, in the schema's order (that of its error messages). */
export function optionInfos(schema: z.ZodObject): OptionInfo[] {
  const json = z.toJSONSchema(schema, { io: 'input' });
  const properties = json.properties ?? {};
  const required = new Set(json.required ?? []);
  return Object.keys(schema.shape).map((name) => {
    const property = properties[name];
    if (property === undefined || typeof property === 'boolean') return fail(name, property);
    return describeOption(name, property, required.has(name));
  });
}
