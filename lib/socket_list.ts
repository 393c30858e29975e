/** `tau mutagen socket list`: the takelage sockets as a table or JSON. */

import type { Context } from "./context.ts";
import { NotFoundError } from "./errors.ts";
import { ensureContainerName, labelValueFor } from "./identity.ts";
import { listSockets, type Socket } from "./sockets.ts";

/** Options of the list command. */
export interface ListOptions {
  json?: boolean;
  /** Only the sockets of this container name. */
  container?: string | undefined;
}

/**
 * Prints the takelage sockets. Throws NotFoundError (exit 1) when there
 * are none, even though mutagen itself exits 0 for an empty selection.
 */
export async function listCommand(
  context: Context,
  options: ListOptions,
): Promise<Socket[]> {
  const sockets = await listSockets(
    context,
    options.container === undefined
      ? undefined
      : labelValueFor(ensureContainerName(options.container, "container name")),
  );

  if (options.json) {
    context.stdout(JSON.stringify(sockets, null, 2));
  } else if (sockets.length > 0) {
    for (const line of formatTable(sockets)) context.stdout(line);
  }

  if (sockets.length === 0) {
    throw new NotFoundError("No takelage sockets found");
  }
  return sockets;
}

/** Formats sockets as aligned columns under a header row. */
export function formatTable(sockets: Socket[]): string[] {
  const rows = [
    ["NAME", "CONTAINER", "STATUS", "CONTAINER PATH", "HOST PATH"],
    ...sockets.map((socket) => [
      socket.name,
      socket.container,
      socket.status,
      socket.containerPath,
      socket.hostPath,
    ]),
  ];
  const widths = rows[0]!.map((_, column) =>
    Math.max(...rows.map((row) => row[column]!.length))
  );
  return rows.map((row) =>
    row.map((cell, column) =>
      column === row.length - 1 ? cell : cell.padEnd(widths[column]!)
    ).join("  ")
  );
}
