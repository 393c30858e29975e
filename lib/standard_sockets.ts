/**
 * The standard sockets of a takelage container (docker, mutagen, gpg and
 * ssh) and where their host ends are on this machine.
 */

import { join } from "./path.ts";

import { type ConfigKey, describeSource, isDefault } from "./config.ts";
import type { Context } from "./context.ts";
import { TauError } from "./errors.ts";
import { isSocketFile } from "./files.ts";
import { expandHome, type Socket } from "./sockets.ts";

/** Form of every socket path: absolute, or under the home directory. */
export const SOCKET_PATH = /^(\/|~\/)/;

/** Short names of the standard sockets, in the order login creates them. */
export const STANDARD_SOCKETS = ["docker", "mutagen", "gpg", "ssh"] as const;

export type StandardSocket = typeof STANDARD_SOCKETS[number];

/** The docker socket's container path is fixed, as in the Ruby tool. */
export const DOCKER_CONTAINER_PATH = "/var/run/docker.sock";

/** Everything needed to create one socket forward. */
export interface SocketSpec {
  shortName: string;
  /** Listening path inside the container; `~/` is left to mutagen's agent. */
  containerPath: string;
  /** Path of the socket on the host. */
  hostPath: string;
  /** User the container endpoint runs as. */
  user: string;
  /** Extra mutagen `--socket-*` flags for the container side. */
  flags: string[];
}

/** Builds the docker socket: owned by root, group `docker`, mode 0660. */
export function dockerSpec(hostPath: string): SocketSpec {
  return {
    shortName: "docker",
    containerPath: DOCKER_CONTAINER_PATH,
    hostPath,
    user: "root",
    flags: [
      "--socket-group-source=docker",
      "--socket-permission-mode-source=0660",
    ],
  };
}

/** Returns the container path of a standard socket from the config. */
export function containerPathFor(
  context: Context,
  kind: StandardSocket,
): string {
  if (kind === "docker") return DOCKER_CONTAINER_PATH;
  return configuredPath(context, `mutagen_socket_path_${kind}_container`);
}

/**
 * Builds the specs of the standard sockets named in `kinds`.
 *
 * `known` are the takelage sockets of all containers. Inside a container
 * they show where the host ends are, because the host's file system and
 * its gpgconf are out of reach there.
 */
export async function standardSpecs(
  context: Context,
  kinds: readonly StandardSocket[],
  known: Socket[],
): Promise<SocketSpec[]> {
  const hostPaths = await hostPathsFor(context, kinds, known);
  return kinds.map((kind) => {
    const hostPath = hostPaths[kind]!;
    if (kind === "docker") return dockerSpec(hostPath);
    return {
      shortName: kind,
      containerPath: containerPathFor(context, kind),
      hostPath,
      user: context.user,
      flags: [],
    };
  });
}

/**
 * Resolves host socket paths. A configured value always wins. Otherwise
 * tau detects them (on the host) or reads existing sessions (inside a
 * container), and the Ruby tool's defaults are the last resort.
 */
export async function hostPathsFor(
  context: Context,
  kinds: readonly StandardSocket[],
  known: Socket[],
): Promise<Partial<Record<StandardSocket, string>>> {
  const paths: Partial<Record<StandardSocket, string>> = {};
  const undetected: StandardSocket[] = [];

  for (const kind of kinds) {
    const key: ConfigKey = `mutagen_socket_path_${kind}_host`;
    if (isDefault(context.config, key)) {
      undetected.push(kind);
    } else {
      paths[kind] = expandHome(configuredPath(context, key), context.home);
    }
  }

  const detected = context.inside
    ? learnFromSessions(undetected, known)
    : await detectOnHost(context, undetected);

  // NOTE: inside a container with no session that shows a host path, the
  // default's "~" becomes the container's home. That matches the host only
  // when takelage mirrors the home directory; the environment variables
  // TAKELAGE_TAU_CONFIG_MUTAGEN_SOCKET_PATH_*_HOST make it exact.
  for (const kind of undetected) {
    const key: ConfigKey = `mutagen_socket_path_${kind}_host`;
    paths[kind] = detected[kind] ??
      expandHome(context.config.values[key], context.home);
  }
  return paths;
}

async function detectOnHost(
  context: Context,
  kinds: StandardSocket[],
): Promise<Partial<Record<StandardSocket, string>>> {
  const paths: Partial<Record<StandardSocket, string>> = {};

  if (kinds.includes("docker")) {
    const docker = detectDockerSocket(context.env);
    if (docker !== undefined) paths.docker = docker;
  }

  if (kinds.includes("mutagen")) {
    const dataDirectory = context.env("MUTAGEN_DATA_DIRECTORY");
    if (dataDirectory) {
      paths.mutagen = join(dataDirectory, "daemon", "daemon.sock");
    }
  }

  if (kinds.includes("gpg") || kinds.includes("ssh")) {
    const agent = await askGpgconf(context);
    if (agent.gpg !== undefined) paths.gpg = agent.gpg;
    if (agent.ssh !== undefined) paths.ssh = agent.ssh;
  }
  return paths;
}

/**
 * Finds the docker daemon socket: a `unix://` DOCKER_HOST, else the
 * system socket, else the rootless socket under XDG_RUNTIME_DIR.
 */
export function detectDockerSocket(
  env: (name: string) => string | undefined,
  isSocket: (path: string) => boolean = isSocketFile,
): string | undefined {
  const dockerHost = env("DOCKER_HOST") ?? "";
  if (dockerHost.startsWith("unix://")) return dockerHost.slice(7);

  if (isSocket("/var/run/docker.sock")) return "/var/run/docker.sock";
  const runtime = env("XDG_RUNTIME_DIR");
  if (runtime && isSocket(join(runtime, "docker.sock"))) {
    return join(runtime, "docker.sock");
  }
  return undefined;
}

// GnuPG 2.1 and later decide the agent's socket paths, often under
// /run/user/<uid>/gnupg, so tau reads them from gpgconf.
async function askGpgconf(
  context: Context,
): Promise<{ gpg?: string; ssh?: string }> {
  let result;
  try {
    result = await context.run("gpgconf", ["--list-dirs"], {});
  } catch {
    context.log.debug("gpgconf not found; using configured agent sockets");
    return {};
  }
  if (result.code !== 0) return {};
  const directories = parseGpgconfDirs(result.stdout);
  const gpg = directories.get("agent-socket");
  const ssh = directories.get("agent-ssh-socket");
  return { ...(gpg ? { gpg } : {}), ...(ssh ? { ssh } : {}) };
}

/**
 * Parses `gpgconf --list-dirs` output: `name:value` lines with `%XX`
 * escapes. Names are read rather than positions, because gpgconf prints
 * its own order even when names are passed as arguments (GnuPG 2.2).
 */
export function parseGpgconfDirs(stdout: string): Map<string, string> {
  const directories = new Map<string, string>();
  for (const line of stdout.split("\n")) {
    const separator = line.indexOf(":");
    if (separator <= 0) continue;
    const value = line.slice(separator + 1).trim().replace(
      /%([0-9a-fA-F]{2})/g,
      (_, hex: string) => String.fromCharCode(parseInt(hex, 16)),
    );
    directories.set(line.slice(0, separator), value);
  }
  return directories;
}

/**
 * Returns a configured socket path, after checking that it is absolute or
 * starts with "~/", so that the error names the key and its source.
 */
function configuredPath(context: Context, key: ConfigKey): string {
  const path = String(context.config.values[key]);
  if (SOCKET_PATH.test(path)) return path;
  throw new TauError(
    `Invalid value for "${key}" in ` +
      `${describeSource(context.config.sources[key])}: "${path}" is not an ` +
      'absolute path or one that starts with "~/"',
  );
}

function learnFromSessions(
  kinds: StandardSocket[],
  known: Socket[],
): Partial<Record<StandardSocket, string>> {
  const paths: Partial<Record<StandardSocket, string>> = {};
  for (const kind of kinds) {
    // Host paths are the same for every container of a host, so any
    // container's session of this kind will do; prefer a healthy one.
    const candidates = known.filter((socket) =>
      socket.name.endsWith(`-${kind}`) && socket.hostPath !== ""
    );
    const best = candidates.find((socket) => socket.status === "forwarding") ??
      candidates[0];
    if (best !== undefined) paths[kind] = best.hostPath;
  }

  // Every session records the host's DOCKER_HOST, which names the docker
  // socket just as it does for detection on the host.
  if (kinds.includes("docker") && paths.docker === undefined) {
    const dockerHost = known.map((socket) =>
      socket.dockerEnvironment.DOCKER_HOST ?? ""
    ).find((value) => value.startsWith("unix://"));
    if (dockerHost !== undefined) paths.docker = dockerHost.slice(7);
  }
  return paths;
}
