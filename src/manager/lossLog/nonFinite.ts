// Python's json module writes NaN and Infinity as bare tokens, which JSON.parse rejects. This
// rewrites them to null in one pass over the text, leaving strings alone. (It replaced a regex
// that took 9-20 s on a 200 KB file of one quote and 100,000 `\"`: backtracking, quadratic.)

const NON_FINITE = new Set(['NaN', 'Infinity']);

function isWordChar(code: number): boolean {
  // [A-Za-z0-9_], as a regex's \b sees words.
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

/**
 * The text with each bare `NaN`, `Infinity` and `-Infinity` outside a string replaced by
 * `null`; everything else as it was, malformed text included (JSON.parse then says why).
 * Linear in the text's length, whatever it holds.
 */
export function nonFiniteToNull(text: string): string {
  const parts: string[] = [];
  let copied = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const code = text.charCodeAt(i);
    if (code === 34 /* " */) {
      // Skip the string, an escape two characters at a time; an unclosed one runs to the end.
      i++;
      while (i < n && text.charCodeAt(i) !== 34) i += text.charCodeAt(i) === 92 /* \ */ ? 2 : 1;
      i++;
      continue;
    }
    if (!isWordChar(code)) {
      i++;
      continue;
    }
    const start = i;
    while (i < n && isWordChar(text.charCodeAt(i))) i++;
    if (i - start > 8 || !NON_FINITE.has(text.slice(start, i))) continue;
    const word = text.slice(start, i);
    // `-Infinity` goes as one token, so no `-null` is left behind.
    const from = word === 'Infinity' && start > 0 && text.charCodeAt(start - 1) === 45 /* - */ ? start - 1 : start;
    parts.push(text.slice(copied, from), 'null');
    copied = i;
  }
  parts.push(text.slice(copied));
  return parts.join('');
}
