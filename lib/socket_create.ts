/**
 * `tau mutagen socket create` and `docker`: one forward from a listening
 * socket inside the container to a socket on the host.
 */

import type { Context } from "./context.ts";
import { TauError, UsageError } from "./errors.ts";
import { type ContainerIdentity, sessionNameFor } from "./identity.ts";
import { sessionNameProblem } from "./names.ts";
import { expandHome, listSockets, type Socket } from "./sockets.ts";
import { SOCKET_PATH, type SocketSpec } from "./standard_sockets.ts";

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

  checkPath(spec.containerPath, "container path");
  checkPath(spec.hostPath, "host path");

  if (/[@:]/.test(spec.user) || spec.user === "") {
    throw new UsageError(
      `Invalid user "${spec.user}" for the container endpoint: a user name ` +
        "must not be empty or contain '@' or ':' (set USER)",
    );
  }

  if (
    spec.user === "noname" && !context.env("USER") && !context.env("LOGNAME")
  ) {
    context.log.warn(
      'USER is not set, so the container endpoint runs as "noname" (set ' +
        "USER to the user that owns the sockets in the container)",
    );
  }

  // The host's file system is visible only on the host.
  if (!context.inside) ensureHostSocket(spec, name, context.home);
  return name;
}

/**
 * Variables through which the docker CLI finds its daemon; mutagen v0.18
 * records these from its own environment when it creates a session
 * (`DockerEnvironmentVariables` in `pkg/url/parse_docker.go`).
 */
const DOCKER_VARIABLES = [
  "DOCKER_HOST",
  "DOCKER_TLS",
  "DOCKER_TLS_VERIFY",
  "DOCKER_CERT_PATH",
  "DOCKER_CONTEXT",
  "DOCKER_CONFIG",
  "DOCKER_API_VERSION",
];

/**
 * Creates a socket forward for a container. `known` are all takelage
 * sockets when the caller has already listed them.
 */
export async function createSocket(
  context: Context,
  container: ContainerIdentity,
  spec: SocketSpec,
  known?: Socket[],
): Promise<string> {
  const name = validateSpec(context, container, spec);

  const sockets = known ?? await listSockets(context);
  if (sockets.some((socket) => socket.name === name)) {
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
    container: container.name,
    labels: [`hostname=${container.label}`, context.takelageLabel],
    source:
      `docker://${spec.user}@${container.name}:unix:${spec.containerPath}`,
    destination: `unix:${hostPath}`,
    flags: [OVERWRITE_STALE_SOCKET, ...spec.flags],
    env: context.inside ? hostDockerEnvironment(container, sockets) : {},
  });

  context.log.info(
    `Created socket ${name}: ${spec.containerPath} in ${container.name} ` +
      `forwards to ${hostPath}`,
  );
  return identifier;
}

/**
 * Returns the host's docker variables for a session created inside a
 * container. The host daemon runs `docker exec` with the variables the
 * creating CLI had, and inside a container those would point at the
 * container's own (forwarded) socket path. The sessions created on the
 * host carry the right ones, so they are copied from there, preferring
 * the container's mutagen forward. A variable the host did not set is set
 * empty, so that a container's own setting never leaks.
 */
export function hostDockerEnvironment(
  container: ContainerIdentity,
  sockets: Socket[],
): Record<string, string> {
  const mutagenName = sessionNameFor(container, "mutagen");
  const model = sockets.find((socket) => socket.name === mutagenName) ??
    sockets.find((socket) => socket.container === container.label) ??
    sockets[0];
  if (model === undefined) return {};

  return Object.fromEntries(
    DOCKER_VARIABLES.map((variable) => [
      `MUTAGEN_SOURCE_${variable}`,
      model.dockerEnvironment[variable] ?? "",
    ]),
  );
}

function checkPath(path: string, what: string): void {
  if (/[\0\n\r]/.test(path)) {
    throw new UsageError(
      `Invalid ${what} ${JSON.stringify(path)}: a socket path must not ` +
        "contain a newline or NUL character",
    );
  }
  if (!SOCKET_PATH.test(path)) {
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
