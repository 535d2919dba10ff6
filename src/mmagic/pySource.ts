// Config statements as OpenMMLab's configs lay them out (yapf, 79 columns): a value on one
// line when it fits, else a dict one keyword a line closing on its last item, a list one item
// a line closing on a line of its own. Leaves are pyWriter's literals (repr()-escaped strings,
// floats under float options).
import { INDENT, isPyIdentifier, PyCode, pyLiteral, pyString, WIDTH } from '../manager/pyWriter';

const isDict = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof PyCode);

/**
 * A value as Python source starting `used` columns into a line indented by `indent`.
 * `undefined` fields are left out; `key` is the field's name (float options write 1.0).
 */
export function pySource(value: unknown, indent: string, used = indent.length, key?: string): string {
  const inline = pyLiteral(value, key);
  const container = Array.isArray(value) || isDict(value);
  // +1 for the comma or bracket that follows.
  if (!container || used + inline.length + 1 <= WIDTH) return inline;
  const inner = indent + INDENT;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => inner + pySource(item, inner, inner.length, key)).join(',\n')}\n${indent}]`;
  }
  const fields = Object.entries(value).filter(([, v]) => v !== undefined);
  if (fields.length === 0) return 'dict()';
  const kwargs = fields.every(([k]) => isPyIdentifier(k));
  const items = fields.map(([k, v]) => {
    const head = kwargs ? `${k}=` : `${pyString(k)}: `;
    return inner + head + pySource(v, inner, inner.length + head.length, k);
  });
  return kwargs ? `dict(\n${items.join(',\n')})` : `{\n${items.join(',\n')}}`;
}

/** `name = value`, laid out as above. */
export function pyStatement(name: string, value: unknown): string {
  return `${name} = ${pySource(value, '', name.length + 3)}`;
}
