/**
 * `tau mutagen socket tidy`: removes what dead forwards leave behind.
 *
 * - Sessions whose container no longer exists: their forward can never
 *   connect again, and a new container with the same name would get a
 *   duplicate.
 * - Inside a container, stale socket files at the standard socket paths
 *   and leftovers of a private mutagen daemon, which block a forward from
 *   listening or hide the forwarded host daemon.
 */

import { dirname, join } from "./path.ts";

import type { Context } from "./context.ts";
import { TauError } from "./errors.ts";
import { labelValueFor } from "./identity.ts";
import { isListening } from "./files.ts";
import { expandHome, listSockets, type Socket } from "./sockets.ts";
import { containerPathFor, STANDARD_SOCKETS } from "./standard_sockets.ts";

/** The sessions and files that tidy removed. */
export interface TidyResult {
  sessions: Socket[];
  files: string[];
}

/** Removes orphaned sessions and stale socket files. */
export async function tidyCommand(context: Context): Promise<TidyResult> {
  const sockets = await listSockets(context);

  // Ask docker before terminating anything: when the container list is
  // unknown, no session can safely be called an orphan.
  const containers = await listContainerLabels(context);
  const orphans = containers === undefined
    ? []
    : sockets.filter((socket) => !containers.has(socket.container));
  await context.mutagen.terminate(orphans.map((socket) => socket.identifier));
  for (const orphan of orphans) {
    context.stdout(orphan.name);
  }

  const files = context.inside ? await removeStaleFiles(context) : [];
  for (const file of files) context.stdout(file);

  if (orphans.length === 0 && files.length === 0) {
    context.log.info("Nothing to tidy");
  }
  // NOTE: on the host, stale files inside containers are not removed:
  // tau creates every container-side socket with the overwrite mode, so
  // such files no longer block a forward.
  return { sessions: orphans, files };
}

/**
 * Returns the label values of all containers. Inside a container without
 * the docker CLI it returns undefined, so that tidy still cleans files.
 */
async function listContainerLabels(
  context: Context,
): Promise<Set<string> | undefined> {
  let result;
  try {
    result = await context.run(
      "docker",
      ["ps", "--all", "--format", "{{.Names}}"],
      {},
    );
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    if (context.inside) {
      context.log.warn(
        "docker not found: sessions of removed containers are kept " +
          "(run tidy on the host to remove them)",
      );
      return undefined;
    }
    throw new TauError(
      "Cannot list containers: docker not found (install the docker CLI " +
        "or run tidy where docker works)",
    );
  }
  if (result.code !== 0) {
    const detail = result.stderr.trim().split("\n").at(-1) ?? "";
    throw new TauError(`Cannot list containers with docker: ${detail}`);
  }
  const names = result.stdout.split("\n").map((line) => line.trim())
    .filter((line) => line !== "");
  return new Set(names.map(labelValueFor));
}

async function removeStaleFiles(context: Context): Promise<string[]> {
  const candidates = STANDARD_SOCKETS.map((kind) =>
    expandHome(containerPathFor(context, kind), context.home)
  );

  // A mutagen CLI that once started its own daemon in the container left
  // its socket and lock there; both hide the forwarded host daemon.
  const daemonDirectory = dirname(candidates[1]!);
  for (const entry of safeReadDir(daemonDirectory)) {
    const path = join(daemonDirectory, entry);
    if (!candidates.includes(path)) candidates.push(path);
  }

  const removed: string[] = [];
  for (const path of candidates) {
    let info: Deno.FileInfo;
    try {
      info = await Deno.lstat(path);
    } catch {
      continue;
    }
    const stale = info.isSocket === true
      ? !(await isListening(path))
      : dirname(path) === daemonDirectory && info.isFile &&
        !(await isListening(candidates[1]!));
    if (!stale) continue;
    await Deno.remove(path);
    removed.push(path);
  }
  return removed;
}

function safeReadDir(path: string): string[] {
  try {
    return [...Deno.readDirSync(path)].map((entry) => entry.name);
  } catch {
    return [];
  }
}
