// The Python parser's place in its tokens: the token at hand, stepping past an expected
// operator, the nesting bound, and failing with the line and column of a token.
import { describeToken, position, PythonDictError, type Token } from './pythonLexer';
import { PASTE_LIMITS } from './pythonSizes';

export abstract class TokenCursor {
  protected i = 0;
  protected readonly text: string;
  protected readonly tokens: readonly Token[];
  /** Expressions open around the current token: brackets, and operators waiting for an operand. */
  private depth = 0;

  constructor(text: string, tokens: readonly Token[]) {
    this.text = text;
    this.tokens = tokens;
  }

  protected get token(): Token {
    return this.tokens[this.i]!;
  }

  protected fail(token: Token, reason: string): never {
    const { line, column } = position(this.text, token.offset);
    throw new PythonDictError(line, column, reason);
  }

  /** A fail at `token`, for the size checks. */
  protected at(token: Token): (reason: string) => never {
    return (reason) => this.fail(token, reason);
  }

  /** One level deeper, refused past PASTE_LIMITS.maxDepth before the recursion could overflow the stack. */
  protected nested<T>(parse: () => T): T {
    if (this.depth >= PASTE_LIMITS.maxDepth) this.fail(this.token, `nested deeper than ${PASTE_LIMITS.maxDepth} levels (brackets and operators)`);
    this.depth++;
    const value = parse();
    this.depth--;
    return value;
  }

  protected isOp(text: string, token = this.token): boolean {
    return token.kind === 'op' && token.text === text;
  }

  protected expect(text: string, what: string): Token {
    const token = this.token;
    if (!this.isOp(text)) this.fail(token, `expected '${text}' ${what}, found ${describeToken(token)}`);
    this.i++;
    return token;
  }
}
