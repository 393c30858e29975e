/**
 * `tau mutagen check daemon`: whether mutagen commands can reach a daemon,
 * on the host directly and inside a container through the forwarded
 * mutagen socket.
 */

import type { Context } from "./context.ts";
import { TauError } from "./errors.ts";
import { sessionNameFor } from "./identity.ts";
import { isSocketFile } from "./files.ts";
import { expandHome, toSocket } from "./sockets.ts";
import { containerPathFor, hostPathsFor } from "./standard_sockets.ts";

/** Checks the daemon and throws a TauError naming the missing part. */
export async function checkDaemonCommand(context: Context): Promise<void> {
  if (context.inside) {
    await checkThroughForward(context);
  } else {
    await checkOnHost(context);
  }
}

async function checkOnHost(context: Context): Promise<void> {
  const { mutagen: socketPath } = await hostPathsFor(context, ["mutagen"], []);
  if (!isSocketFile(socketPath!)) {
    throw new TauError(
      `mutagen daemon socket "${socketPath}" not found (start the daemon ` +
        'with "mutagen daemon start")',
    );
  }

  try {
    await context.mutagen.list(context.takelageLabel, { autostart: false });
  } catch (error) {
    if (!(error instanceof TauError)) throw error;
    throw new TauError(
      `mutagen daemon at "${socketPath}" not reachable: ${error.message}`,
    );
  }
  context.log.info(`mutagen daemon is reachable at ${socketPath}`);
}

async function checkThroughForward(context: Context): Promise<void> {
  const container = await context.container();
  const socketPath = expandHome(
    containerPathFor(context, "mutagen"),
    context.home,
  );
  const fix = "on the host run " +
    `"tau mutagen socket login --container ${container.name}"`;

  if (!isSocketFile(socketPath)) {
    throw new TauError(
      `Forwarded mutagen socket "${socketPath}" not found (${fix})`,
    );
  }

  let sessions;
  try {
    sessions = await context.mutagen.list(`hostname=${container.label}`, {
      autostart: false,
    });
  } catch (error) {
    if (!(error instanceof TauError)) throw error;
    throw new TauError(
      `Cannot reach the host mutagen daemon through "${socketPath}" (${fix})`,
    );
  }

  const name = sessionNameFor(container, "mutagen");
  const forward = sessions.map(toSocket).find((socket) => socket.name === name);
  if (forward === undefined) {
    throw new TauError(
      `The host daemon has no session "${name}" for this container (${fix})`,
    );
  }
  if (forward.status !== "forwarding") {
    throw new TauError(
      `Session "${name}" is ${forward.status}, not forwarding (${fix})`,
    );
  }
  context.log.info(`host mutagen daemon is reachable through ${socketPath}`);
}
