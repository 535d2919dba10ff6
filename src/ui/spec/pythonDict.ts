// Python literals as MMagic configs write them, read into JSON: `dict(type='GANLoss',
// loss_weight=10. / 2. * 16)`, `{'a': 1}`, lists, tuples, True/False/None, numbers, strings,
// arithmetic, and names assigned earlier in the same text (`r1_gamma = 10.`). Nothing is
// executed: this is a small parser, and anything else is an error with its line and column.
// Sizes and depth are bounded (PASTE_LIMITS), each checked before the value is made.

import { ContainerParser } from './pythonContainers';
import { describeToken, Lexer, position, PythonDictError, type Token } from './pythonLexer';
import { binary, typeName } from './pythonOps';
import { count, PASTE_LIMITS, type PyValue } from './pythonSizes';

export { PythonDictError } from './pythonLexer';
export { PASTE_LIMITS } from './pythonSizes';
export type { PyValue } from './pythonSizes';

/** One statement: `name = value`, or a bare value (name null). */
export interface PyStatement {
  readonly name: string | null;
  readonly value: PyValue;
  /** 1-based line where the statement starts. */
  readonly line: number;
}

type Env = Map<string, PyValue>;

class Parser extends ContainerParser {
  /** Names assigned so far, usable in later values. */
  private readonly env: Env;

  constructor(text: string, tokens: readonly Token[], env: Env) {
    super(text, tokens);
    this.env = env;
  }

  /** Statements separated by newlines or ';'. */
  program(): PyStatement[] {
    const statements: PyStatement[] = [];
    // Every statement's value may become spec entries: together they are bounded as one value is.
    let total = 0;
    for (;;) {
      while (this.token.kind === 'newline' || this.isOp(';')) this.i++;
      if (this.token.kind === 'end') return statements;
      const start = this.token;
      const statement = this.statement();
      total += this.sizes.of(statement.value);
      if (total > PASTE_LIMITS.maxValueSize) {
        this.fail(start, `the values so far are too large together (${count(total)} items and characters; the paste box takes ${count(PASTE_LIMITS.maxValueSize)})`);
      }
      statements.push(statement);
      const after = this.token;
      if (after.kind !== 'newline' && after.kind !== 'end' && !this.isOp(';')) {
        this.fail(after, `expected the end of the statement, found ${describeToken(after)} (a missing comma?)`);
      }
    }
  }

  private statement(): PyStatement {
    const start = this.token;
    const { line } = position(this.text, start.offset);
    const next = this.tokens[this.i + 1];
    if (start.kind === 'name' && next !== undefined && this.isOp('=', next)) {
      this.i += 2;
      const value = this.expression();
      this.env.set(start.text, value);
      return { name: start.text, value, line };
    }
    return { name: null, value: this.expression(), line };
  }

  expression(): PyValue {
    return this.nested(() => this.sum());
  }

  private sum(): PyValue {
    let left = this.term();
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.token;
      this.i++;
      left = binary(op.text, left, this.term(), this.sizes, this.at(op));
    }
    return left;
  }

  private term(): PyValue {
    let left = this.unary();
    while (['*', '/', '//', '%'].some((op) => this.isOp(op))) {
      const op = this.token;
      this.i++;
      left = binary(op.text, left, this.unary(), this.sizes, this.at(op));
    }
    return left;
  }

  private unary(): PyValue {
    if (this.isOp('-') || this.isOp('+')) {
      const op = this.token;
      this.i++;
      const value = this.nested(() => this.unary());
      if (typeof value !== 'number') this.fail(op, `bad operand type for unary ${op.text}: '${typeName(value)}'`);
      return op.text === '-' ? -value : value;
    }
    return this.power();
  }

  /** `**` binds tighter than a unary minus on its left and is right-associative: -2 ** 2 == -4. */
  private power(): PyValue {
    const base = this.atom();
    if (!this.isOp('**')) return base;
    const op = this.token;
    this.i++;
    return binary(op.text, base, this.nested(() => this.unary()), this.sizes, this.at(op));
  }

  private atom(): PyValue {
    const token = this.token;
    switch (token.kind) {
      case 'number': {
        this.i++;
        const value = token.value as number;
        if (!Number.isFinite(value)) this.fail(token, `${token.text} is too large for a JSON number`);
        return value;
      }
      case 'string': {
        // Adjacent literals join, as in Python: 'a' 'b' == 'ab'.
        let value = '';
        while (this.token.kind === 'string') {
          const part = this.token.value as string;
          this.sizes.checkString(value.length + part.length, this.at(this.token));
          value += part;
          this.i++;
        }
        return value;
      }
      case 'name':
        return this.name(token);
      case 'op':
        if (token.text === '(') return this.parenthesized();
        if (token.text === '[') return this.list();
        if (token.text === '{') return this.braces();
        return this.fail(token, `expected a value, found ${describeToken(token)}`);
      default:
        return this.fail(token, `expected a value, found ${describeToken(token)}`);
    }
  }

  private name(token: Token): PyValue {
    this.i++;
    switch (token.text) {
      case 'True':
        return true;
      case 'False':
        return false;
      case 'None':
        return null;
      case 'dict':
        if (this.isOp('(')) return this.dictCall();
        break;
      case 'list':
      case 'tuple':
        if (this.isOp('(')) return this.sequenceCall(token);
        break;
    }
    if (this.isOp('(')) this.fail(token, `calls to '${token.text}' are not supported: only dict(...), list(...) and tuple(...)`);
    if (this.isOp('.')) this.fail(this.token, `attribute access ('${token.text}.') is not supported`);
    // The assigned value itself, not a copy: a dict named twice is one dict (nothing mutates these).
    if (this.env.has(token.text)) return this.env.get(token.text)!;
    const hint = { true: 'True', false: 'False', null: 'None', none: 'None' }[token.text.toLowerCase()];
    const suggestion = hint && hint !== token.text ? ` (Python writes ${hint})` : '';
    return this.fail(token, `unknown name '${token.text}'${suggestion}: only literals, dict(...), arithmetic and names assigned above are supported`);
  }
}

/**
 * Parses Python statements: `name = value` assignments and bare values, one a line (or
 * separated by ';'), with comments. A name assigned earlier can be used in a later value.
 * Throws a PythonDictError with the line and column of the first problem.
 */
export function parsePythonStatements(text: string): PyStatement[] {
  if (text.length > PASTE_LIMITS.maxTextLength) {
    const { line, column } = position(text, PASTE_LIMITS.maxTextLength);
    throw new PythonDictError(line, column, `the text is ${count(text.length)} characters; the paste box takes ${count(PASTE_LIMITS.maxTextLength)}`);
  }
  const tokens = new Lexer(text).run();
  return new Parser(text, tokens, new Map()).program();
}

/** Parses one Python value, e.g. `dict(type='L1Loss', loss_weight=1e-2)`. */
export function parsePythonValue(text: string): PyValue {
  const statements = parsePythonStatements(text);
  const [only] = statements;
  if (only === undefined) throw new PythonDictError(1, 1, 'expected a value, found nothing');
  if (statements.length > 1 || only.name !== null) {
    const extra = statements.length > 1 ? statements[1]! : only;
    throw new PythonDictError(extra.line, 1, 'expected a single value');
  }
  return only.value;
}
