/**
 * `tau mutagen socket login`: ensures the standard sockets (docker,
 * mutagen, gpg, ssh) of one container with as few mutagen calls as
 * possible, safe when many shells start at once.
 */

import { join } from "./path.ts";

import type { Context } from "./context.ts";
import { TauError } from "./errors.ts";
import {
  type ContainerIdentity,
  ensureContainerName,
  identityFromName,
  sessionNameFor,
} from "./identity.ts";
import { acquireLock } from "./lock.ts";
import { createSocket } from "./socket_create.ts";
import { isListening, isSocketFile } from "./files.ts";
import { expandHome, isHealthy, listSockets, type Socket } from "./sockets.ts";
import {
  containerPathFor,
  STANDARD_SOCKETS,
  type StandardSocket,
  standardSpecs,
} from "./standard_sockets.ts";
import { stateDirectory } from "./state.ts";

/** The state of a container's sockets, read before a login acts. */
export interface LoginPlan {
  container: ContainerIdentity;
  /** All takelage sockets, of every container. */
  sockets: Socket[];
  missing: StandardSocket[];
  /** Sessions to terminate because another of the same name is kept. */
  duplicates: Socket[];
}

/** Resolves the container a login is for: `--container`, else current. */
export async function loginContainer(
  context: Context,
  name: string | undefined,
): Promise<ContainerIdentity> {
  if (name !== undefined) {
    return identityFromName(
      ensureContainerName(name, "container name"),
      context.inside,
    );
  }
  return await context.container();
}

/**
 * Reads the sockets with one mutagen call and works out what is missing
 * and what is duplicated. Inside a container it first checks the
 * forwarded mutagen socket, without which no call reaches the host.
 */
export async function planLogin(
  context: Context,
  container: ContainerIdentity,
): Promise<LoginPlan> {
  if (context.inside) await ensureForwardedDaemon(context, container);

  const sockets = await listSockets(context);
  const own = sockets.filter((socket) => socket.container === container.label);
  const missing = STANDARD_SOCKETS.filter((kind) =>
    !own.some((socket) => socket.name === sessionNameFor(container, kind))
  );
  return { container, sockets, missing, duplicates: findDuplicates(own) };
}

/** Returns whether a plan has nothing to do. */
export function isSettled(plan: LoginPlan): boolean {
  return plan.missing.length === 0 && plan.duplicates.length === 0;
}

/**
 * Brings the container's sockets to the standard set under a per-container
 * lock: removes duplicates and creates the missing sockets concurrently.
 * The sockets are read again after the lock is taken, because another
 * shell may have created them meanwhile.
 */
export async function applyLogin(
  context: Context,
  container: ContainerIdentity,
): Promise<LoginPlan> {
  const lockPath = join(
    stateDirectory(context.env),
    "locks",
    `${container.label}.lock`,
  );
  using _lock = await acquireLock(lockPath);

  const plan = await planLogin(context, container);
  if (isSettled(plan)) return plan;

  if (plan.duplicates.length > 0) {
    await context.mutagen.terminate(
      plan.duplicates.map((socket) => socket.identifier),
    );
    context.log.info(
      `Removed ${plan.duplicates.length} duplicate socket session(s) of ` +
        container.name,
    );
  }

  const specs = await standardSpecs(context, plan.missing, plan.sockets);
  const results = await Promise.allSettled(
    specs.map((spec) => createSocket(context, container, spec, plan.sockets)),
  );
  const failures = results.flatMap((result) =>
    result.status === "rejected" ? [result.reason] : []
  );
  // One line a failed socket; anything but a TauError is a bug.
  const bug = failures.find((failure) => !(failure instanceof TauError));
  if (bug !== undefined) throw bug;
  if (failures.length > 0) {
    throw new TauError(failures.map(messageOf).join("\n"));
  }
  return plan;
}

/**
 * Picks, for every session name with more than one session, the ones to
 * terminate: a forwarding session is kept over an unhealthy one, and
 * among equals the oldest. Identifiers, not names, select them, because
 * mutagen does not keep names unique.
 */
export function findDuplicates(sockets: Socket[]): Socket[] {
  const byName = new Map<string, Socket[]>();
  for (const socket of sockets) {
    const group = byName.get(socket.name) ?? [];
    group.push(socket);
    byName.set(socket.name, group);
  }

  const extra: Socket[] = [];
  for (const group of byName.values()) {
    if (group.length < 2) continue;
    const ranked = [...group].sort((a, b) =>
      Number(isHealthy(b)) - Number(isHealthy(a)) ||
      a.creationTime.localeCompare(b.creationTime) ||
      a.identifier.localeCompare(b.identifier)
    );
    extra.push(...ranked.slice(1));
  }
  return extra;
}

async function ensureForwardedDaemon(
  context: Context,
  container: ContainerIdentity,
): Promise<void> {
  const path = expandHome(containerPathFor(context, "mutagen"), context.home);
  const problem = !isSocketFile(path)
    ? "not found"
    : !(await isListening(path))
    ? "not listening"
    : undefined;
  if (problem === undefined) return;
  throw new TauError(
    `Cannot reach the host mutagen daemon: forwarded socket "${path}" ` +
      `${problem} (on the host run "tau mutagen socket login --container ` +
      `${container.name}")`,
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
