/**
 * Error kinds that map to tau's documented exit codes.
 *
 * - 0: success.
 * - 1: a runtime failure or a negative result (socket not found, daemon
 *   not reachable, mutagen failed).
 * - 2: a usage error (unknown option, missing argument, invalid value).
 *
 * Any other thrown value is a bug and keeps its stack trace.
 */

/** Exit code for runtime failures and negative results. */
export const EXIT_FAILURE = 1;

/** Exit code for usage errors. */
export const EXIT_USAGE = 2;

/** A failure the user can act on; printed as one line without a stack. */
export class TauError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode = EXIT_FAILURE) {
    super(message);
    this.name = "TauError";
    this.exitCode = exitCode;
  }
}

/** A command line the user typed wrong; exits with code 2. */
export class UsageError extends TauError {
  constructor(message: string) {
    super(message, EXIT_USAGE);
    this.name = "UsageError";
  }
}

/** A negative result such as "no such socket", which exits with 1. */
export class NotFoundError extends TauError {
  constructor(message: string) {
    super(message, EXIT_FAILURE);
    this.name = "NotFoundError";
  }
}
