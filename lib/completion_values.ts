/**
 * Values for dynamic completion (`tau __complete KIND`), one per line.
 * Completion must never print errors into a command line, so failures
 * print nothing.
 */

import type { Context } from "./context.ts";
import { listSockets } from "./sockets.ts";

/** Prints socket names or container names for the completion scripts. */
export async function completeValues(
  context: Context,
  kind: string,
): Promise<void> {
  let sockets;
  try {
    sockets = await listSockets(context);
  } catch {
    return;
  }
  const values = kind === "containers"
    ? sockets.map((socket) => socket.container)
    : sockets.map((socket) => socket.name);
  for (const value of [...new Set(values)].sort()) context.stdout(value);
}
