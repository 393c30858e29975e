/** `tau mutagen socket create` and `tau mutagen socket docker`. */

import type { Context } from "./context.ts";
import { TauError } from "./errors.ts";
import { createSocket } from "./socket_create.ts";
import { dockerSpec, hostPathsFor } from "./standard_sockets.ts";

/** Creates socket `<digest>-NAME` from IN in the container to OUT. */
export async function createCommand(
  context: Context,
  name: string,
  containerPath: string,
  hostPath: string,
): Promise<void> {
  const container = await context.container();
  await createSocket(context, container, {
    shortName: name,
    containerPath,
    hostPath,
    user: context.user,
    flags: [],
  });
  context.stdout(`${container.digest}-${name}`);
}

/** Creates the docker socket, to OUT or to the detected docker socket. */
export async function dockerCommand(
  context: Context,
  hostPath: string | undefined,
): Promise<void> {
  const container = await context.container();
  let target = hostPath;
  if (target === undefined) {
    target = (await hostPathsFor(context, ["docker"], [])).docker;
  }
  if (target === undefined) {
    throw new TauError("Cannot find the docker socket (pass OUT)");
  }
  await createSocket(context, container, dockerSpec(target));
  context.stdout(`${container.digest}-docker`);
}
