/** `tau mutagen socket check`: whether a takelage socket exists. */

import type { Context } from "./context.ts";
import { NotFoundError } from "./errors.ts";
import { selectSockets } from "./socket_select.ts";
import { listSockets, type Socket } from "./sockets.ts";

/** Returns the matching sockets, or throws NotFoundError (exit 1). */
export async function checkCommand(
  context: Context,
  socket: string,
): Promise<Socket[]> {
  const matches = await selectSockets(
    context,
    await listSockets(context),
    socket,
  );
  if (matches.length === 0) {
    throw new NotFoundError(`Socket "${socket}" not found`);
  }
  context.log.debug(
    `socket "${socket}" is ${matches.map((match) => match.name).join(", ")}`,
  );
  return matches;
}
