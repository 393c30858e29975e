/**
 * `tau mutagen socket create` and `docker`: one forward from a listening
 * socket inside the container to a socket on the host.
 */

import type { Context } from "./context.ts";
import { TauError, UsageError } from "./errors.ts";
import { type ContainerIdentity, sessionNameFor } from "./identity.ts";
import { sessionNameProblem } from "./names.ts";
import { expandHome, listSockets, type Socket } from "./sockets.ts";
import type { SocketSpec } from "./standard_sockets.ts";

/**
 * Socket files at the container path are replaced rather than kept: a file
 * left by a dead forward or a private daemon would otherwise stop the new
 * forward from listening.
 */
const OVERWRITE_STALE_SOCKET = "--socket-overwrite-mode-source=overwrite";

/** Checks a spec and returns the session name it would get. */
export function validateSpec(
  context: Context,
  container: ContainerIdentity,
  spec: SocketSpec,
): string {
  if (spec.shortName === "") {
    throw new UsageError('Invalid socket name "": the name is empty');
  }
  const name = sessionNameFor(container, spec.shortName);
  const problem = sessionNameProblem(name);
  if (problem !== undefined) {
    throw new UsageError(
      `Invalid socket name "${spec.shortName}": ${problem} in session name ` +
        `"${name}" (use letters, digits and dashes)`,
    );
  }

  checkPath(spec.containerPath, "container path", /^(\/|~\/)/);
  checkPath(spec.hostPath, "host path", /^(\/|~\/)/);

  if (/[@:]/.test(spec.user) || spec.user === "") {
    throw new UsageError(
      `Invalid user "${spec.user}" for the container endpoint: a user name ` +
        "must not be empty or contain '@' or ':' (set USER)",
    );
  }

  // The host's file system is visible only on the host.
  if (!context.inside) ensureHostSocket(spec, name, context.home);
  return name;
}

/**
 * Creates a socket forward for a container. `existing` are the container's
 * current sockets when the caller has already listed them.
 */
export async function createSocket(
  context: Context,
  container: ContainerIdentity,
  spec: SocketSpec,
  existing?: Socket[],
): Promise<string> {
  const name = validateSpec(context, container, spec);

  const current = existing ?? await listByName(context, name);
  if (current.some((socket) => socket.name === name)) {
    throw new TauError(
      `Cannot create socket "${name}": it already exists (remove it with ` +
        `"tau mutagen socket terminate ${name}")`,
    );
  }

  // Inside a container a "~" would expand to the container's home on the
  // host side too, which matches takelage's mirrored home directories.
  const hostPath = expandHome(spec.hostPath, context.home);
  const identifier = await context.mutagen.create({
    name,
    labels: [`hostname=${container.label}`, context.takelageLabel],
    source: `docker://${spec.user}@${container.name}:unix:${spec.containerPath}`,
    destination: `unix:${hostPath}`,
    flags: [OVERWRITE_STALE_SOCKET, ...spec.flags],
  });

  context.log.info(
    `Created socket ${name}: ${spec.containerPath} in ${container.name} ` +
      `forwards to ${hostPath}`,
  );
  return identifier;
}

async function listByName(context: Context, name: string): Promise<Socket[]> {
  const sockets = await listSockets(context);
  return sockets.filter((socket) => socket.name === name);
}

function checkPath(path: string, what: string, pattern: RegExp): void {
  if (!pattern.test(path) || /[\0\n]/.test(path)) {
    throw new UsageError(
      `Invalid ${what} "${path}": expected an absolute path or one that ` +
        'starts with "~/"',
    );
  }
}

function ensureHostSocket(
  spec: SocketSpec,
  name: string,
  home: string | undefined,
): void {
  const path = expandHome(spec.hostPath, home);
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(path);
  } catch {
    throw new TauError(
      `Cannot create socket "${name}": host socket "${path}" not found ` +
        "(start the service that owns it, or pass the right path)",
    );
  }
  if (info.isSocket !== true) {
    throw new TauError(
      `Cannot create socket "${name}": host path "${path}" is not a socket`,
    );
  }
}
