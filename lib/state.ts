/**
 * tau's state directory (`$XDG_STATE_HOME/tau`, else `~/.local/state/tau`):
 * lock files, once-per-container-start markers and logs of background
 * logins.
 */

import { join } from "./path.ts";

import type { Logger } from "./log.ts";

/** Returns the state directory for an environment. */
export function stateDirectory(
  env: (name: string) => string | undefined,
): string {
  const xdg = env("XDG_STATE_HOME");
  if (xdg) return join(xdg, "tau");
  const home = env("HOME") || "/tmp";
  return join(home, ".local", "state", "tau");
}

/** Environment variable that marks a background login worker. */
export const WORKER_VARIABLE = "TAU_LOGIN_WORKER";

/** Prefix of the error logs that background logins leave. */
export const BACKGROUND_LOG_PREFIX = "login-errors-";

/** Age after which an empty log belongs to a worker that was killed. */
const ABANDONED_LOG_MS = 24 * 60 * 60 * 1000;

/**
 * Reports errors that background logins logged, once: each log is printed
 * as one warning and then removed.
 *
 * A log younger than `waitSeconds`, the login time limit, is left alone,
 * because the login that started its worker may still be waiting to print
 * it itself. An empty log belongs to a worker that is still running.
 */
export async function reportBackgroundErrors(
  directory: string,
  log: Logger,
  waitSeconds: number,
): Promise<void> {
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(directory));
  } catch {
    return;
  }

  const now = Date.now();
  for (const entry of entries) {
    if (!entry.name.startsWith(BACKGROUND_LOG_PREFIX)) continue;
    const path = join(directory, entry.name);
    let text: string;
    let age: number;
    try {
      age = now - ((await Deno.stat(path)).mtime?.getTime() ?? now);
      if (age < waitSeconds * 1000) continue;
      text = (await Deno.readTextFile(path)).trim();
      if (text !== "" || age > ABANDONED_LOG_MS) await Deno.remove(path);
    } catch {
      // Another tau run took the log first.
      continue;
    }
    if (text === "") continue;
    const first = text.split("\n")[0];
    log.warn(`a background socket login failed: ${first}`);
  }
}
