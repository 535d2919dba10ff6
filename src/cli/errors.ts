/** Exit codes of the CLI; `npm run train -- --help` lists them too. */
export const EXIT = { ok: 0, failed: 1, usage: 2, nonFinite: 3, interrupted: 130 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error the CLI reports as one line, without a stack, and exits with `exitCode`. */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly exitCode: ExitCode;

  constructor(exitCode: ExitCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.exitCode = exitCode;
  }
}

/** A bad command line; the CLI prints the message (no stack) and exits with 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
