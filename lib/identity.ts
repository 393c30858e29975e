/**
 * Container identity: which takelage container tau works for, its session
 * name prefix and the label value that marks its sessions.
 */

import { bubbleBabble } from "./bubblebabble.ts";
import { UsageError } from "./errors.ts";
import { pathExists } from "./files.ts";
import { isValidLabelValue, MAX_LABEL_VALUE_LENGTH } from "./names.ts";
import { basename, isAbsolute, join, resolve } from "./path.ts";

/** Length of the Bubble Babble digest at the end of a container name. */
export const DIGEST_LENGTH = 11;

/** The container tau manages sockets for. */
export interface ContainerIdentity {
  /** Docker container name, also its hostname. */
  name: string;
  /** Last 11 characters of the name; the prefix of every session name. */
  digest: string;
  /** Value of the `hostname` label on the container's sessions. */
  label: string;
  /** Whether tau itself runs inside this container. */
  inside: boolean;
}

/** Environment and file system facts that identity depends on. */
export interface IdentityInput {
  /** `--workdir`, when given. */
  workdir?: string | undefined;
  env: (name: string) => string | undefined;
  cwd: string;
  hostname: () => string;
  dockerRepo: string;
  /** Test hook: whether a path exists; defaults to a stat call. */
  exists?: (path: string) => boolean;
}

/** Returns whether tau runs inside a takelage container. */
export function isInsideContainer(env: IdentityInput["env"]): boolean {
  return (env("TAKELAGE_PROJECT_BASE_DIR") ?? "") !== "";
}

/**
 * Resolves the project directory: `--workdir`, else `TAKELAGE_WORKDIR`,
 * else the nearest ancestor holding a `Rakefile`, else the current
 * directory. The result is absolute because the digest hashes it.
 */
export function resolveWorkdir(input: IdentityInput): string {
  const explicit = input.workdir ?? input.env("TAKELAGE_WORKDIR");
  if (explicit !== undefined && explicit !== "") {
    return resolve(input.cwd, explicit);
  }

  const exists = input.exists ?? pathExists;
  let directory = resolve(input.cwd);
  while (true) {
    if (exists(join(directory, "Rakefile"))) return directory;
    const parent = resolve(directory, "..");
    if (parent === directory) return resolve(input.cwd);
    directory = parent;
  }
}

/**
 * Computes the takelage container name of a project directory:
 * `<docker_repo>_<basename>_<digest>`, where the digest is the first 11
 * characters of the Bubble Babble form of SHA-256(`<docker_repo>_<dir>`).
 */
export async function containerNameFor(
  dockerRepo: string,
  workdir: string,
): Promise<string> {
  if (!isAbsolute(workdir)) {
    throw new TypeError(`Project directory must be absolute: "${workdir}"`);
  }
  const data = new TextEncoder().encode(`${dockerRepo}_${workdir}`);
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  const digest = bubbleBabble(hash).slice(0, DIGEST_LENGTH);
  return `${dockerRepo}_${basename(workdir)}_${digest}`;
}

/** Builds the identity of a container from its name. */
export function identityFromName(
  name: string,
  inside: boolean,
): ContainerIdentity {
  return {
    name,
    digest: name.slice(-DIGEST_LENGTH),
    label: labelValueFor(name),
    inside,
  };
}

/**
 * Resolves the current container: `$HOSTNAME` inside a takelage
 * container, else the name computed from the project directory.
 */
export async function currentContainer(
  input: IdentityInput,
): Promise<ContainerIdentity> {
  if (isInsideContainer(input.env)) {
    const hostname = input.env("HOSTNAME") || input.hostname();
    return identityFromName(hostname, true);
  }
  const workdir = resolveWorkdir(input);
  return identityFromName(
    await containerNameFor(input.dockerRepo, workdir),
    false,
  );
}

/**
 * Maps a container name to a valid label value.
 *
 * A name that is already valid (at most 63 characters of letters, digits,
 * `-`, `_` and `.`, starting and ending alphanumeric) is used unchanged, so
 * sessions created by the Ruby tool keep matching. Otherwise every other
 * character becomes `-` and leading and trailing non-alphanumerics go. A
 * name that is still too long keeps its first 51 characters, `_` and its
 * 11-character digest, which keeps the shortened value unique in practice.
 */
export function labelValueFor(name: string): string {
  if (isValidLabelValue(name)) return name;

  const cleaned = trimToAlphanumeric(name.replace(/[^A-Za-z0-9_.-]/g, "-"));
  if (isValidLabelValue(cleaned)) return cleaned;

  const digest = trimToAlphanumeric(cleaned.slice(-DIGEST_LENGTH));
  const head = trimToAlphanumeric(
    cleaned.slice(0, MAX_LABEL_VALUE_LENGTH - digest.length - 1),
  );
  return head === "" ? digest : `${head}_${digest}`;
}

// Docker's rule for container names (and takelage's docker_repo prefix).
const CONTAINER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Checks a container name given on the command line or in the config. */
export function ensureContainerName(name: string, what: string): string {
  if (!CONTAINER_NAME.test(name)) {
    throw new UsageError(
      `Invalid ${what} "${name}": use letters, digits, '_', '.' and '-', ` +
        "starting with a letter or digit",
    );
  }
  return name;
}

// Label values start and end with a letter or digit.
function trimToAlphanumeric(text: string): string {
  return text.replace(/^[^A-Za-z0-9]+/, "").replace(/[^A-Za-z0-9]+$/, "");
}

/** Joins the container digest and a short socket name: `xepep-dalir-gpg`. */
export function sessionNameFor(
  container: ContainerIdentity,
  shortName: string,
): string {
  return `${container.digest}-${shortName}`;
}
