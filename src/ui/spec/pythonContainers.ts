// Python's containers as the paste box reads them: dict(...), {...}, [...], (...), list(...)
// and tuple(...), each measured as it is made. Their items are the parser's expressions.
import { TokenCursor } from './pythonCursor';
import { describeToken, type Token } from './pythonLexer';
import { typeName } from './pythonOps';
import { ValueSizes, type PyValue } from './pythonSizes';

export abstract class ContainerParser extends TokenCursor {
  protected readonly sizes = new ValueSizes();

  /** One item's value. */
  abstract expression(): PyValue;

  /** `dict(key=value, ...)`, keyword arguments only. */
  protected dictCall(): PyValue {
    const open = this.expect('(', 'after dict');
    const entries: [string, PyValue][] = [];
    const seen = new Set<string>();
    while (!this.isOp(')')) {
      const key = this.token;
      const eq = this.tokens[this.i + 1];
      if (key.kind !== 'name' || eq === undefined || !this.isOp('=', eq)) {
        this.fail(key, `dict(...) takes keyword arguments (key=value), found ${describeToken(key)}`);
      }
      if (seen.has(key.text)) this.fail(key, `keyword argument '${key.text}' is repeated`);
      seen.add(key.text);
      this.i += 2;
      entries.push([key.text, this.expression()]);
      if (!this.isOp(')')) this.expect(',', 'or \')\' between dict arguments');
    }
    this.i++;
    return this.dict(entries, open);
  }

  /** A dict of the entries, measured; fromEntries defines each key, so `__proto__` is a key like any other. */
  private dict(entries: [string, PyValue][], token: Token): PyValue {
    const dict = Object.fromEntries(entries) as { [key: string]: PyValue };
    return this.sizes.made(dict, entries.flat(), this.at(token), entries.length);
  }

  /** `list([...])` / `tuple((...))`, or empty. */
  protected sequenceCall(callee: Token): PyValue {
    this.expect('(', `after ${callee.text}`);
    if (this.isOp(')')) {
      this.i++;
      return [];
    }
    const value = this.expression();
    if (!Array.isArray(value)) this.fail(callee, `${callee.text}(...) of a ${typeName(value)} is not supported`);
    if (this.isOp(',')) this.i++;
    this.expect(')', `to close ${callee.text}(...)`);
    return value;
  }

  /** A group `(x)` or a tuple `()`, `(x,)`, `(x, y)`: tuples become lists. */
  protected parenthesized(): PyValue {
    const open = this.token;
    this.i++;
    if (this.isOp(')')) {
      this.i++;
      return this.sizes.made([], [], this.at(open));
    }
    const first = this.expression();
    if (this.isOp(')')) {
      this.i++;
      return first;
    }
    const items = [first];
    while (this.isOp(',')) {
      this.i++;
      if (this.isOp(')')) break;
      items.push(this.expression());
    }
    this.expect(')', 'to close the tuple');
    return this.sizes.made(items, items, this.at(open));
  }

  protected list(): PyValue {
    const open = this.token;
    this.i++;
    const items: PyValue[] = [];
    while (!this.isOp(']')) {
      items.push(this.expression());
      if (!this.isOp(']')) this.expect(',', "or ']' between list items");
    }
    this.i++;
    return this.sizes.made(items, items, this.at(open));
  }

  /** `{'key': value, ...}`: keys are strings (numbers are written as their text, as JSON must). */
  protected braces(): PyValue {
    const open = this.token;
    this.i++;
    const entries: [string, PyValue][] = [];
    while (!this.isOp('}')) {
      const at = this.token;
      const key = this.expression();
      if (!this.isOp(':')) {
        if (entries.length === 0 && (this.isOp(',') || this.isOp('}'))) this.fail(open, 'sets are not supported: a dict needs key: value pairs');
        this.expect(':', 'after a dict key');
      }
      this.i++;
      if (typeof key === 'number') entries.push([String(key), this.expression()]);
      else if (typeof key === 'string') entries.push([key, this.expression()]);
      else this.fail(at, `dict keys must be strings or numbers, found a ${typeName(key)}`);
      if (!this.isOp('}')) this.expect(',', "or '}' between dict items");
    }
    this.i++;
    return this.dict(entries, open);
  }
}
