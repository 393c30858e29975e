/** `tau mutagen socket terminate`: end one, one container's, or all. */

import type { Context } from "./context.ts";
import { NotFoundError, UsageError } from "./errors.ts";
import { ensureContainerName, labelValueFor } from "./identity.ts";
import { selectSockets } from "./socket_select.ts";
import { listSockets, type Socket } from "./sockets.ts";

/** The sockets to terminate. Exactly one field is set. */
export interface TerminateSelection {
  socket?: string | undefined;
  all?: boolean | undefined;
  container?: string | undefined;
}

/**
 * Terminates the selected takelage sockets by session identifier, so
 * that sessions with the same name but without the takelage label are
 * never touched. Throws NotFoundError (exit 1) when nothing matched.
 */
export async function terminateCommand(
  context: Context,
  selection: TerminateSelection,
): Promise<Socket[]> {
  const chosen = [
    selection.socket !== undefined,
    selection.all === true,
    selection.container !== undefined,
  ].filter(Boolean).length;
  if (chosen !== 1) {
    throw new UsageError(
      "Cannot terminate: give exactly one of SOCKET, --all or " +
        "--container NAME",
    );
  }

  let matches: Socket[];
  let what: string;
  if (selection.container !== undefined) {
    const name = ensureContainerName(selection.container, "container name");
    matches = await listSockets(context, labelValueFor(name));
    what = `container "${selection.container}"`;
  } else if (selection.all) {
    matches = await listSockets(context);
    what = "any container";
  } else {
    const socket = selection.socket!;
    matches = await selectSockets(context, await listSockets(context), socket);
    what = `name "${socket}"`;
  }

  if (matches.length === 0) {
    throw new NotFoundError(`No takelage socket found for ${what}`);
  }

  await context.mutagen.terminate(matches.map((match) => match.identifier));
  for (const match of matches) context.stdout(match.name);
  context.log.debug(`terminated ${matches.length} socket(s) for ${what}`);
  return matches;
}
