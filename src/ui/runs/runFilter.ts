// The run list's filter: a regular expression over run names, as W&B's run search, falling
// back to plain text when what is typed is not one.

export interface RunFilter {
  /** True for a run the list shows. */
  readonly matches: (run: { readonly name: string; readonly number: number }) => boolean;
  /** Why the text is read as plain text (an invalid regular expression), or null. */
  readonly problem: string | null;
}

/** Longest filter text read: a name is short, and a huge pattern is not a filter. */
export const MAX_FILTER_LENGTH = 200;

/**
 * A filter from what the user typed: empty shows every run; otherwise a case-insensitive
 * regular expression tried on the name and on "#N" (the run's number), or, where the text is
 * not a valid expression, its plain text (case-insensitive), with `problem` saying why.
 */
export function runFilter(text: string): RunFilter {
  const typed = text.slice(0, MAX_FILTER_LENGTH);
  if (typed.trim() === '') return { matches: () => true, problem: null };
  try {
    const re = new RegExp(typed, 'i');
    return { matches: (run) => re.test(run.name) || re.test(`#${run.number}`), problem: null };
  } catch (error) {
    const needle = typed.toLowerCase();
    const reason = error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error);
    return {
      matches: (run) => run.name.toLowerCase().includes(needle) || `#${run.number}`.includes(needle),
      problem: `Not a valid regular expression (${reason}): matching the text as typed.`,
    };
  }
}
