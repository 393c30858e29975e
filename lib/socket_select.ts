/**
 * Resolving the SOCKET argument of `check` and `terminate`: a full session
 * name, or the short name of a socket of the current container.
 */

import type { Context } from "./context.ts";
import { sessionNameFor } from "./identity.ts";
import type { Socket } from "./sockets.ts";

/**
 * Returns the takelage sockets that SOCKET names. A full session name
 * wins; otherwise `<digest>-SOCKET` of the current container is tried.
 */
export async function selectSockets(
  context: Context,
  sockets: Socket[],
  socket: string,
): Promise<Socket[]> {
  const exact = sockets.filter((candidate) => candidate.name === socket);
  if (exact.length > 0) return exact;

  const container = await context.container();
  const name = sessionNameFor(container, socket);
  return sockets.filter((candidate) => candidate.name === name);
}
