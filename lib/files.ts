/** Facts about files and socket files on the local file system. */

/** Returns whether a path exists, following symbolic links. */
export function pathExists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Returns whether a path is a socket file (following symbolic links). */
export function isSocketFile(path: string): boolean {
  try {
    return Deno.statSync(path).isSocket === true;
  } catch {
    return false;
  }
}

/**
 * Returns whether something listens on a socket file. A refused
 * connection means the file is stale: its listener is gone.
 */
export async function isListening(path: string): Promise<boolean> {
  try {
    const connection = await Deno.connect({ transport: "unix", path });
    connection.close();
    return true;
  } catch (error) {
    // A permission error does not show whether the socket is stale, so
    // treat it as alive: tidy must not remove a socket it cannot judge.
    return !(error instanceof Deno.errors.ConnectionRefused ||
      error instanceof Deno.errors.NotFound);
  }
}
