// One flag's text as the value it stands for, or a UsageError naming the flag and what it
// expected. Absent flags (undefined) stay undefined, for the caller's default.
import { parseWasmThreads } from '../engine/wasm/threads';
import { isRecord } from '../losses/isRecord';
import { UsageError } from './errors';

export function wholeNumber(flag: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`--${flag}: expected a whole number >= ${min}, got "${text}"`);
  }
  return value;
}

export function positiveNumber(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new UsageError(`--${flag}: expected a positive number, got "${text}"`);
  }
  return value;
}

/** A number strictly between 0 and 1: the EMA's momentum. */
export function openFraction(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !(value > 0 && value < 1)) {
    throw new UsageError(`--${flag}: expected a number between 0 and 1 (both excluded), e.g. 0.001, got "${text}"`);
  }
  return value;
}

export function oneOf<T extends string>(flag: string, text: string | undefined, allowed: readonly T[], note = ''): T | undefined {
  if (text === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(text)) {
    throw new UsageError(`--${flag}: unknown ${flag} "${text}"; expected one of ${allowed.join(', ')}${note}`);
  }
  return text as T;
}

export function threadCount(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const parsed = parseWasmThreads(text, '--threads');
  if ('problem' in parsed) throw new UsageError(parsed.problem);
  return parsed.threads;
}

/** A JSON object from the command line, e.g. --model '{"width":8}'. */
export function jsonObject(flag: string, text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--${flag}: not valid JSON (${(error as Error).message}); quote it for the shell, e.g. --${flag} '{"width":8}'`);
  }
  if (!isRecord(value)) throw new UsageError(`--${flag}: expected a JSON object like {"width":8}, got ${text}`);
  return value;
}

/** `{ [key]: value }`, or `{}` for an absent value, to spread into options. */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
