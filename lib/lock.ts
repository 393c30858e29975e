/**
 * An exclusive lock on a file, so that many shells starting at once
 * create each socket once. The kernel releases an flock when its process
 * ends, so a crashed tau never leaves a lock behind.
 */

import { dirname } from "./path.ts";

/** A held lock; release it with `release()` or `using`. */
export interface Lock extends Disposable {
  release(): void;
}

/** Waits for and takes the exclusive lock on `path`, creating the file. */
export async function acquireLock(path: string): Promise<Lock> {
  await Deno.mkdir(dirname(path), { recursive: true });
  const file = await Deno.open(path, {
    create: true,
    write: true,
    truncate: false,
  });
  await file.lock(true);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    file.close();
  };
  return { release, [Symbol.dispose]: release };
}
