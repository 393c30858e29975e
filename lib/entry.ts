/**
 * Dispatch of a tau run: the login hook's fast path, or the command tree,
 * which is loaded only when needed.
 */

import { loginCommand } from "./login_command.ts";
import { parseLoginInvocation } from "./login_fast_path.ts";
import { type CliIo, defaultIo, reportTauError, runAction } from "./run.ts";

/** Runs tau with arguments and returns the exit code. */
export async function run(args: string[], io?: CliIo): Promise<number> {
  const streams = io ?? defaultIo();
  const login = parseLoginInvocation(args);
  if (login === undefined) {
    const { main } = await import("./cli.ts");
    return await main(args, streams);
  }

  try {
    await runAction(
      streams,
      login.globals,
      (context) => loginCommand(context, login.options),
    );
    return 0;
  } catch (error) {
    return reportTauError(error, streams);
  }
}
