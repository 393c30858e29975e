/**
 * The command tree. It is the single source of the help text and of the
 * bash and zsh completion scripts.
 */

import { Argument, Command, CommanderError, Option } from "commander";

import { completionScript } from "./completion.ts";
import { completeValues } from "./completion_values.ts";
import type { Context } from "./context.ts";
import { checkDaemonCommand } from "./daemon_check.ts";
import { LOG_LEVELS } from "./log.ts";
import { loginCommand } from "./login_command.ts";
import {
  type CliIo,
  defaultIo,
  type GlobalOptions,
  reportTauError,
  runAction,
} from "./run.ts";
import { shellInit } from "./shell_init.ts";
import { checkCommand } from "./socket_check.ts";
import { createCommand, dockerCommand } from "./socket_commands.ts";
import { listCommand } from "./socket_list.ts";
import { terminateCommand } from "./socket_terminate.ts";
import { tidyCommand } from "./socket_tidy.ts";
import { VERSION } from "./version.ts";

/** Supported shells for completion and shell-init. */
export const SHELLS = ["bash", "zsh"] as const;

/** Builds the command tree; actions run with the given I/O. */
export function buildProgram(io: CliIo): Command {
  const program = new Command("tau")
    .description(
      "Forward the host's docker, gpg, ssh and mutagen sockets into " +
        "takelage containers with mutagen",
    )
    .version(`tau ${VERSION}`, "--version", "Print the version and exit")
    .addOption(
      new Option("-l, --log-level <level>", "Set the log level")
        .choices(LOG_LEVELS)
        .default("info"),
    )
    .option(
      "--workdir <DIR>",
      "Use DIR as the project directory (default: nearest directory " +
        "with a Rakefile, else the current directory)",
    )
    .helpOption("-h, --help", "Show help for a command")
    // `tau help a b` would show the help of `a`; --help works at every
    // level instead.
    .helpCommand(false)
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError("(add --help for usage)")
    .exitOverride()
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      outputError: (text, write) => write(text),
    });

  const mutagen = program.command("mutagen")
    .description("Manage takelage's mutagen forwards")
    .helpCommand(false);

  mutagen.command("check")
    .description("Check that mutagen works")
    .helpCommand(false)
    .command("daemon")
    .description(
      "Exit 0 when the mutagen daemon is reachable (inside a container: " +
        "through the forwarded mutagen socket), else 1",
    )
    .action(withContext(io, (context) => checkDaemonCommand(context)));

  const socket = mutagen.command("socket")
    .description("Manage the takelage socket forwards of containers")
    .helpCommand(false);

  socket.command("check")
    .description("Exit 0 when the takelage socket exists, else 1")
    .addArgument(socketArgument())
    .action(withContext(io, async (context, name: string) => {
      await checkCommand(context, name);
    }));

  socket.command("create")
    .description(
      "Forward the container socket IN to the host socket OUT, as session " +
        "<digest>-NAME",
    )
    .argument("<NAME>", "Short socket name, such as gpg")
    .argument("<IN>", "Socket path inside the container (absolute or ~/)")
    .argument("<OUT>", "Socket path on the host")
    .action(
      withContext(
        io,
        async (context, name: string, inside: string, outside: string) => {
          await createCommand(context, name, inside, outside);
        },
      ),
    );

  socket.command("docker")
    .description(
      "Forward /var/run/docker.sock in the container (group docker, mode " +
        "0660) to the host's docker socket",
    )
    .argument("[OUT]", "Docker socket on the host (default: detected)")
    .action(withContext(io, async (context, outside?: string) => {
      await dockerCommand(context, outside);
    }));

  socket.command("list")
    .description("List the takelage sockets; exit 1 when there are none")
    .option("--json", "Print the sockets as JSON")
    .option("--container <CONTAINER>", "Only the sockets of one container")
    .action(withContext(io, async (context, options: {
      json?: boolean;
      container?: string;
    }) => {
      await listCommand(context, options);
    }));

  socket.command("login")
    .description(
      "Create the missing standard sockets (docker, mutagen, gpg, ssh) of " +
        "the current container; silent when all exist",
    )
    .option(
      "--container <CONTAINER>",
      "Work for this container instead of the current one",
    )
    .option(
      "--once",
      "Do nothing when a login succeeded since the " +
        "container started",
    )
    .addOption(new Option("--worker <FILE>").hideHelp())
    .action(withContext(io, async (context, options: {
      container?: string;
      once?: boolean;
      worker?: string;
    }) => {
      await loginCommand(context, options);
    }));

  socket.command("terminate")
    .description("Terminate a takelage socket; exit 1 when none matched")
    .addArgument(socketArgument().argOptional())
    .option("--all", "Terminate every takelage socket")
    .option(
      "--container <CONTAINER>",
      "Terminate the sockets of one container",
    )
    .action(
      withContext(
        io,
        async (
          context,
          name: string | undefined,
          options: { all?: boolean; container?: string },
        ) => {
          await terminateCommand(context, { socket: name, ...options });
        },
      ),
    );

  socket.command("tidy")
    .description(
      "Terminate sockets of removed containers and delete stale socket files",
    )
    .action(withContext(io, async (context) => {
      await tidyCommand(context);
    }));

  program.command("completion")
    .description("Print the completion script for a shell")
    .addArgument(new Argument("<shell>", "bash or zsh").choices(SHELLS))
    .action((shell: typeof SHELLS[number]) => {
      io.stdout(completionScript(buildProgram(io), shell));
    });

  program.command("shell-init")
    .description(
      "Print the snippet for ~/.bashrc or ~/.zshrc: completion and the " +
        'login hook (use: eval "$(tau shell-init bash)")',
    )
    .addArgument(new Argument("<shell>", "bash or zsh").choices(SHELLS))
    .action((shell: typeof SHELLS[number]) => {
      io.stdout(shellInit(buildProgram(io), shell));
    });

  program.command("__complete", { hidden: true })
    .argument("<kind>")
    .action(withContext(io, async (context, kind: string) => {
      await completeValues(context, kind);
    }));

  return program;
}

/**
 * Runs tau with the given arguments and returns the exit code. Usage
 * errors exit 2, runtime failures 1; only bugs print a stack trace.
 */
export async function main(args: string[], io?: CliIo): Promise<number> {
  const streams = io ?? defaultIo();
  const program = buildProgram(streams);
  try {
    await program.parseAsync(args, { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed the message or the help text already.
      // "commander.help" means help shown for a missing subcommand.
      const done = ["commander.helpDisplayed", "commander.version"]
        .includes(error.code);
      return done ? 0 : 2;
    }
    return reportTauError(error, streams);
  }
}

// deno-lint-ignore no-explicit-any
type Action = (...args: any[]) => Promise<void>;

/**
 * Wraps an action so that it receives a context built from the global
 * options, after checking for errors left by background logins.
 */
function withContext(
  io: CliIo,
  // deno-lint-ignore no-explicit-any
  action: (context: Context, ...args: any[]) => Promise<void>,
): Action {
  return async (...args: unknown[]) => {
    // Commander passes the parsed arguments, then the options object and
    // the command; actions take the arguments and the options.
    const command = args.at(-1) as Command;
    const globals = command.optsWithGlobals<GlobalOptions>();
    await runAction(
      io,
      globals,
      (context) => action(context, ...args.slice(0, -1)),
    );
  };
}

function socketArgument(): Argument {
  return new Argument(
    "<SOCKET>",
    "Session name, or the short name (gpg) of a socket of the current " +
      "container",
  );
}
