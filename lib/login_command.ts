/**
 * The login hook's entry: a fast in-process check, and a bounded wait for
 * a background worker when sockets must be created, so that a shell start
 * is never held longer than `mutagen_socket_login_timeout` seconds.
 */

import type { Context } from "./context.ts";
import { TauError } from "./errors.ts";
import { pathExists } from "./files.ts";
import type { ContainerIdentity } from "./identity.ts";
import { basename, dirname, join } from "./path.ts";
import { selfCommand } from "./self_command.ts";
import {
  applyLogin,
  isSettled,
  loginContainer,
  planLogin,
} from "./socket_login.ts";
import {
  BACKGROUND_LOG_PREFIX,
  stateDirectory,
  WORKER_VARIABLE,
} from "./state.ts";

/** Options of `tau mutagen socket login`. */
export interface LoginOptions {
  container?: string | undefined;
  /** Skip the login when it already succeeded since the container started. */
  once?: boolean | undefined;
  /** Internal: run as the background worker and log errors to this file. */
  worker?: string | undefined;
}

/** Runs a login; prints nothing when all sockets are in place. */
export async function loginCommand(
  context: Context,
  options: LoginOptions,
): Promise<void> {
  const container = await loginContainer(context, options.container);
  const state = stateDirectory(context.env);
  const marker = join(state, `started-${container.label}-${startId()}`);

  if (options.worker !== undefined) {
    await runWorker(context, container, options.worker, marker);
    return;
  }

  if (options.once && pathExists(marker)) return;

  const plan = await planLogin(context, container);
  if (isSettled(plan)) {
    await touch(marker);
    return;
  }

  // A detached worker could not print the mutagen commands that debug
  // output promises, so a debug run does the work itself, without a limit.
  if (context.log.enabled("debug")) {
    await applyLogin(context, container);
    await touch(marker);
    return;
  }

  const logPath = join(
    state,
    `${BACKGROUND_LOG_PREFIX}${container.label}-${crypto.randomUUID()}.log`,
  );
  const finished = await startWorker(context, container.name, logPath);
  if (!finished) {
    context.log.info(
      `Socket login for ${container.name} continues in the background; ` +
        "a later tau run reports its errors",
    );
    return;
  }

  const errors = await takeLog(logPath);
  if (errors.length > 0) {
    for (const line of errors.slice(1)) context.log.error(line);
    throw new TauError(errors[0]!);
  }
}

async function runWorker(
  context: Context,
  container: ContainerIdentity,
  logPath: string,
  marker: string,
): Promise<void> {
  try {
    await applyLogin(context, container);
    await Deno.remove(logPath).catch(() => {});
    await touch(marker);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await Deno.writeTextFile(logPath, message + "\n", { append: true });
    throw error;
  }
}

/**
 * Starts the worker detached and waits for it up to the configured limit.
 * Returns false when the limit passed; the worker then goes on alone.
 */
async function startWorker(
  context: Context,
  containerName: string,
  logPath: string,
): Promise<boolean> {
  await Deno.mkdir(join(logPath, ".."), { recursive: true });
  // The worker's own errors go to the log; an empty file marks it running.
  await Deno.writeTextFile(logPath, "");

  const self = selfCommand();
  const child = new Deno.Command(self.executable, {
    args: [
      ...self.args,
      "--log-level",
      "error",
      "--workdir",
      context.workdir,
      "mutagen",
      "socket",
      "login",
      "--container",
      containerName,
      "--worker",
      logPath,
    ],
    env: { [WORKER_VARIABLE]: "1" },
    stdin: "null",
    stdout: "null",
    stderr: "null",
    detached: true,
  }).spawn();

  const limit = context.config.values.mutagen_socket_login_timeout * 1000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), limit);
  });
  const outcome = await Promise.race([child.status, timeout]);
  clearTimeout(timer);
  if (outcome === "timeout") {
    child.unref();
    return false;
  }
  return true;
}

async function takeLog(path: string): Promise<string[]> {
  let text = "";
  try {
    text = await Deno.readTextFile(path);
    await Deno.remove(path);
  } catch {
    return [];
  }
  return text.split("\n").filter((line) => line.trim() !== "");
}

/**
 * Identifies the current start of this container (or boot of this host)
 * by the start time of process 1, which changes on every restart.
 */
function startId(): string {
  try {
    const stat = Deno.readTextFileSync("/proc/1/stat");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Field 22 of proc(5), the 20th after the command name.
    return fields[19] ?? "unknown";
  } catch {
    return "unknown";
  }
}

/**
 * Writes the marker of this start and removes those of earlier starts.
 * A marker that exists needs neither, which keeps the hook's fast path to
 * one stat call.
 */
async function touch(marker: string): Promise<void> {
  if (pathExists(marker)) return;
  const directory = dirname(marker);
  const prefix = basename(marker).slice(0, basename(marker).lastIndexOf("-"));
  try {
    await Deno.mkdir(directory, { recursive: true });
    await Deno.writeTextFile(marker, "");
    for await (const entry of Deno.readDir(directory)) {
      const path = join(directory, entry.name);
      if (entry.name.startsWith(`${prefix}-`) && path !== marker) {
        await Deno.remove(path);
      }
    }
  } catch {
    // A missing marker only costs one mutagen call at the next shell.
  }
}
