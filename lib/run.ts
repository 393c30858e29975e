/**
 * Running one command: building its context from the global options,
 * reporting errors left by background logins, and turning TauErrors into
 * one line and an exit code. Shared by the command tree and the login
 * hook's fast path, so neither needs the other.
 */

import { type Context, createContext } from "./context.ts";
import { NotFoundError, TauError } from "./errors.ts";
import { Logger, type LogLevel } from "./log.ts";
import {
  reportBackgroundErrors,
  stateDirectory,
  WORKER_VARIABLE,
} from "./state.ts";

/** Output streams and logger of a run; tests inject their own. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  log: Logger;
}

/** Options that every command accepts. */
export interface GlobalOptions {
  logLevel: LogLevel;
  workdir?: string | undefined;
}

/** Builds the context and runs an action in it. */
export async function runAction(
  io: CliIo,
  globals: GlobalOptions,
  action: (context: Context) => Promise<void>,
): Promise<void> {
  io.log.level = globals.logLevel;
  const context = await createContext({
    workdir: globals.workdir,
    log: io.log,
    stdout: (line) => io.stdout(line + "\n"),
  });
  // A background worker must not take the logs of other workers: its
  // own warnings go nowhere.
  if (context.env(WORKER_VARIABLE) !== "1") {
    await reportBackgroundErrors(
      stateDirectory(context.env),
      io.log,
      context.config.values.mutagen_socket_login_timeout,
    );
  }
  await action(context);
}

/**
 * Prints a TauError as one line and returns its exit code. A "not found"
 * result is information, not an error, so it prints at info level. Any
 * other error is a bug and is rethrown with its stack.
 */
export function reportTauError(error: unknown, io: CliIo): number {
  if (!(error instanceof TauError)) throw error;
  for (const line of error.message.split("\n")) {
    if (error instanceof NotFoundError) {
      io.log.info(line);
    } else {
      io.log.error(line);
    }
  }
  return error.exitCode;
}

/** Streams of the process: stdout for data, stderr for the logger. */
export function defaultIo(): CliIo {
  const encoder = new TextEncoder();
  return {
    stdout: (text) => void Deno.stdout.writeSync(encoder.encode(text)),
    stderr: (text) => void Deno.stderr.writeSync(encoder.encode(text)),
    log: new Logger(),
  };
}
