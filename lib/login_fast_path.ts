/**
 * The login hook runs at every shell start, so its argument forms are
 * recognized without loading commander: commander pulls in Node's fs and
 * child_process modules, which cost Deno about 20 ms at start-up (see
 * docs/benchmark.md). Anything else, including --help and every mistake,
 * goes to the command tree, which stays the only source of help text and
 * of usage errors.
 */

import { LOG_LEVELS, type LogLevel } from "./log.ts";
import type { LoginOptions } from "./login_command.ts";
import type { GlobalOptions } from "./run.ts";

/** A recognized login hook invocation. */
export interface LoginInvocation {
  globals: GlobalOptions;
  options: LoginOptions;
}

/**
 * Parses `[global options] mutagen socket login [login options]`, or
 * returns undefined for anything it does not fully understand.
 */
export function parseLoginInvocation(
  args: string[],
): LoginInvocation | undefined {
  const globals: GlobalOptions = { logLevel: "info" };
  const options: LoginOptions = {};
  const words: string[] = [];

  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    const value = args[index + 1];
    switch (arg) {
      case "-l":
      case "--log-level":
        if (value === undefined || !isLogLevel(value)) return undefined;
        globals.logLevel = value;
        index++;
        break;
      case "--workdir":
        if (value === undefined || value.startsWith("-")) return undefined;
        globals.workdir = value;
        index++;
        break;
      case "--container":
        if (
          words.length !== 3 || value === undefined || value.startsWith("-")
        ) {
          return undefined;
        }
        options.container = value;
        index++;
        break;
      case "--once":
        if (words.length !== 3) return undefined;
        options.once = true;
        break;
      default:
        if (arg.startsWith("-")) return undefined;
        words.push(arg);
    }
  }

  const isLogin = words.length === 3 && words[0] === "mutagen" &&
    words[1] === "socket" && words[2] === "login";
  return isLogin ? { globals, options } : undefined;
}

function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}
