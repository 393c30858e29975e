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

/** Prefix of the error logs that background logins leave. */
export const BACKGROUND_LOG_PREFIX = "login-errors-";

/**
 * Reports errors that background logins logged since the last run, once:
 * each log is printed as one warning and then removed.
 */
export async function reportBackgroundErrors(
  directory: string,
  log: Logger,
): Promise<void> {
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(directory));
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.name.startsWith(BACKGROUND_LOG_PREFIX)) continue;
    const path = join(directory, entry.name);
    let text = "";
    try {
      text = (await Deno.readTextFile(path)).trim();
      await Deno.remove(path);
    } catch {
      continue;
    }
    if (text === "") continue;
    const first = text.split("\n")[0];
    log.warn(`a background socket login failed: ${first}`);
  }
}
