import { describe, expect, it } from 'vitest';
import { parsePythonStatements, parsePythonValue, PythonDictError } from '../../../src/ui/spec/pythonDict';

/** The error a text raises, as `line:column reason`. */
function errorOf(text: string): string {
  try {
    parsePythonStatements(text);
  } catch (error) {
    if (!(error instanceof PythonDictError)) throw error;
    expect(error.message).toBe(`line ${error.line}, column ${error.column}: ${error.reason}`);
    return `${error.line}:${error.column} ${error.reason}`;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe("MMagic's documented loss configs", () => {
  it('reads a GANLoss assignment', () => {
    expect(parsePythonStatements("loss_gan=dict(type='GANLoss', gan_type='vanilla', loss_weight=0.001)")).toEqual([
      { name: 'loss_gan', value: { type: 'GANLoss', gan_type: 'vanilla', loss_weight: 0.001 }, line: 1 },
    ]);
  });

  it('reads a float written with a trailing point', () => {
    expect(parsePythonStatements("loss_gp=dict(type='GradientPenaltyLoss', loss_weight=10.)")).toEqual([
      { name: 'loss_gp', value: { type: 'GradientPenaltyLoss', loss_weight: 10 }, line: 1 },
    ]);
  });

  it("reads StyleGAN2's lazy R1, its weight as arithmetic and a nested data_info", () => {
    const text =
      "dict(type='R1GradientPenalty', loss_weight=10. / 2. * 16, interval=16, norm_mode='HWC', " +
      "data_info=dict(real_data='real_imgs', discriminator='disc'))";
    expect(parsePythonValue(text)).toEqual({
      type: 'R1GradientPenalty',
      loss_weight: (10 / 2) * 16,
      interval: 16,
      norm_mode: 'HWC',
      data_info: { real_data: 'real_imgs', discriminator: 'disc' },
    });
  });

  it('reads a model config over several lines, with comments, names assigned above and tuples', () => {
    const text = [
      '# StyleGAN2-style losses',
      'd_reg_interval = 16',
      'g_reg_interval = 4',
      'g_reg_ratio = g_reg_interval / (g_reg_interval + 1)',
      'model = dict(',
      "    type='StaticUnconditionalGAN',",
      "    generator=dict(type='StyleGANv2Generator', out_size=None),  # set later",
      "    gan_loss=dict(type='GANLoss', gan_type='wgan-logistic-ns'),",
      '    disc_auxiliary_loss=dict(',
      "        type='R1GradientPenalty',",
      '        loss_weight=10. / 2. * d_reg_interval,',
      '        interval=d_reg_interval,',
      "        data_info=dict(real_data='real_imgs', discriminator='disc')),",
      ')',
      "optimizer = dict(generator=dict(type='Adam', lr=0.002 * g_reg_ratio, betas=(0, 0.99**g_reg_ratio)))",
    ].join('\n');
    const statements = parsePythonStatements(text);
    expect(statements.map((s) => [s.name, s.line])).toEqual([
      ['d_reg_interval', 2],
      ['g_reg_interval', 3],
      ['g_reg_ratio', 4],
      ['model', 5],
      ['optimizer', 15],
    ]);
    expect(statements[3]!.value).toEqual({
      type: 'StaticUnconditionalGAN',
      generator: { type: 'StyleGANv2Generator', out_size: null },
      gan_loss: { type: 'GANLoss', gan_type: 'wgan-logistic-ns' },
      disc_auxiliary_loss: {
        type: 'R1GradientPenalty',
        loss_weight: 80,
        interval: 16,
        data_info: { real_data: 'real_imgs', discriminator: 'disc' },
      },
    });
    expect(statements[4]!.value).toEqual({ generator: { type: 'Adam', lr: 0.002 * 0.8, betas: [0, 0.99 ** 0.8] } });
  });
});

describe('Python literals', () => {
  it('reads True, False, None, lists, tuples and {} dicts', () => {
    expect(parsePythonValue("{'a': True, \"b\": False, 'c': None, 'd': [1, 2,], 'e': (3,), 'f': (), 'g': (4, 5), 4: 'four'}")).toEqual({
      a: true,
      b: false,
      c: null,
      d: [1, 2],
      e: [3],
      f: [],
      g: [4, 5],
      '4': 'four',
    });
  });

  it('reads every way Python writes a number', () => {
    const numbers = parsePythonValue('[1e-5, 1E+3, 10., .5, 0.25, 1_000, 0x1F, 0o17, 0b101, 00, 1.e2, -3, +2]');
    expect(numbers).toEqual([0.00001, 1000, 10, 0.5, 0.25, 1000, 31, 15, 5, 0, 100, -3, 2]);
  });

  it('does arithmetic with Python precedence and semantics', () => {
    expect(parsePythonValue('[10. / 2. * 16, 1 + 2 * 3, (1 + 2) * 3, 2 ** 3 ** 2, -2 ** 2, 7 // 2, -7 // 2, 7 % 3, -7 % 3, 2 - -1]')).toEqual([
      80,
      7,
      9,
      512,
      -4,
      3,
      -4,
      1,
      2,
      3,
    ]);
  });

  it('joins strings and lists with + and repeats them with *', () => {
    expect(parsePythonValue("['a' + 'b', 'ab' 'cd', [1] + [2], [0] * 3, 2 * 'x']")).toEqual(['ab', 'abcd', [1, 2], [0, 0, 0], 'xx']);
  });

  it('reads escapes, raw strings and triple-quoted strings', () => {
    expect(parsePythonValue(String.raw`['a\'b', "q\"", 'tab\there', '\x41\u00e9', r'C:\new', 'keep\d', '''multi
line''']`)).toEqual(["a'b", 'q"', 'tab\there', 'Aé', 'C:\\new', 'keep\\d', 'multi\nline']);
  });

  it('reads list(...) and tuple(...), dict() and empty containers', () => {
    expect(parsePythonValue('[list([1, 2]), tuple((3,)), dict(), {}, [], list()]')).toEqual([[1, 2], [3], {}, {}, [], []]);
  });

  it('reads statements separated by semicolons and backslash continuations', () => {
    expect(parsePythonStatements('a = 1; b = a + \\\n 1\n\nc = [a, b]').map((s) => [s.name, s.value])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', [1, 2]],
    ]);
  });

  it('keeps the last value of a key repeated in {}, as Python does', () => {
    expect(parsePythonValue("{'a': 1, 'a': 2}")).toEqual({ a: 2 });
  });

  it('does not let a key named __proto__ change the prototype', () => {
    const value = parsePythonValue("{'__proto__': {'polluted': 1}}") as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
  });
});

describe('errors, with the line and column of the problem', () => {
  it('names an unknown name, and how Python spells true/false/null', () => {
    expect(errorOf('dict(a=true)')).toBe("1:8 unknown name 'true' (Python writes True): only literals, dict(...), arithmetic and names assigned above are supported");
    expect(errorOf('x = dict(\n  a=gamma)')).toBe("2:5 unknown name 'gamma': only literals, dict(...), arithmetic and names assigned above are supported");
  });

  it('finds a missing comma between arguments', () => {
    expect(errorOf("dict(type='L1Loss'\n     loss_weight=1)")).toBe("2:6 expected ',' or ')' between dict arguments, found 'loss_weight'");
  });

  it('finds an unclosed or mismatched bracket', () => {
    expect(errorOf("x = dict(type='L1Loss',\n")).toBe("1:9 '(' is never closed");
    expect(errorOf('[1, 2)')).toBe("1:6 ')' does not match '[' opened before");
    expect(errorOf('1)')).toBe("1:2 ')' closes nothing");
  });

  it('finds an unclosed string', () => {
    expect(errorOf("dict(type='L1Loss)")).toBe('1:11 this string is never closed');
    expect(errorOf("a = 'x\nb = 1")).toBe('1:5 this string is never closed on its line');
  });

  it('rejects positional and repeated dict arguments', () => {
    expect(errorOf("dict('L1Loss')")).toBe("1:6 dict(...) takes keyword arguments (key=value), found ''L1Loss''");
    expect(errorOf('dict(a=1, a=2)')).toBe("1:11 keyword argument 'a' is repeated");
  });

  it('rejects calls, attributes and what JSON cannot hold', () => {
    expect(errorOf("float('inf')")).toBe("1:1 calls to 'float' are not supported: only dict(...), list(...) and tuple(...)");
    expect(errorOf('x = torch.nn')).toBe("1:10 attribute access ('torch.') is not supported");
    expect(errorOf('1 / 0')).toBe('1:3 division by zero');
    expect(errorOf('10. ** 400')).toBe('1:5 the result (Infinity) is not a finite number, which JSON cannot hold');
    expect(errorOf("{'a', 'b'}")).toBe('1:1 sets are not supported: a dict needs key: value pairs');
    expect(errorOf("b'bytes'")).toBe('1:1 bytes literals are not supported');
  });

  it('rejects bad numbers and operands', () => {
    expect(errorOf('012')).toBe("1:1 leading zeros are not allowed in '012'");
    expect(errorOf('5j')).toBe("1:1 invalid number '5j'");
    expect(errorOf("'a' - 'b'")).toBe("1:5 unsupported operand types for -: 'str' and 'str'");
    expect(errorOf("-'a'")).toBe("1:1 bad operand type for unary -: 'str'");
  });

  it('rejects two values on one line, and stray characters', () => {
    expect(errorOf('dict(a=1) dict(b=2)')).toBe("1:11 expected the end of the statement, found 'dict' (a missing comma?)");
    expect(errorOf('a = 1 $')).toBe("1:7 unexpected character '$'");
    expect(errorOf('a = ')).toBe('1:5 expected a value, found the end of the text');
  });

  it('asks for a single value where one is expected', () => {
    expect(() => parsePythonValue('')).toThrow('line 1, column 1: expected a value, found nothing');
    expect(() => parsePythonValue('1\n2')).toThrow('line 2, column 1: expected a single value');
  });
});
