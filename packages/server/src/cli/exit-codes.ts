/**
 * Exit codes that mean something to scripts, and the two errors verbs throw to pick one. Anything else that
 * escapes a verb is an operation failure (1).
 */
export const ExitCode = {
  /** It worked. */
  ok: 0,
  /** The operation failed (server unreachable, API error, bad file…). */
  failed: 1,
  /** The command line is wrong: unknown verb or flag, missing or bad value. */
  usage: 2,
  /** A signature was checked and is not valid (`verify`). */
  invalid: 3,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** The text `--help` shows about exit codes, shared by every verb. */
export const EXIT_CODES_HELP = `Exit codes:
  0  success
  1  the operation failed (server unreachable, API error, unreadable file)
  2  usage error (unknown verb or flag, missing or invalid value)
  3  verification failed (the signature or token is not valid)`;

/** A command-line mistake: reported with a pointer to `--help`, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** An operation that failed for a reason with a stable code (e.g. an API error code): exit 1. */
export class CliFailure extends Error {
  override readonly name = 'CliFailure';
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}
