/** The tau command line: `tau --help` lists the commands. */

import { run } from "./lib/entry.ts";

Deno.exit(await run(Deno.args));
