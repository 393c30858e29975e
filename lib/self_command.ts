/**
 * The command line that starts tau again, for background work. The
 * compiled binary runs directly, and a script runs through the same Deno
 * with its config.
 */

import { fromFileUrl } from "./file_url.ts";
import { pathExists } from "./files.ts";
import { basename, dirname, join } from "./path.ts";

/** Returns the executable and leading arguments that start tau. */
export function selfCommand(): { executable: string; args: string[] } {
  const executable = Deno.execPath();
  if (!/^deno(\.exe)?$/.test(basename(executable))) {
    return { executable, args: [] };
  }

  const main = fromFileUrl(Deno.mainModule);
  const config = join(dirname(main), "deno.json");
  const configArgs = pathExists(config)
    ? ["--config", config]
    : ["--no-config"];
  return { executable, args: ["run", "-A", ...configArgs, main] };
}
