/** The tau command line: `tau --help` lists the commands. */

import { main } from "./lib/cli.ts";

Deno.exit(await main(Deno.args));
