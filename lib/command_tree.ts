/**
 * A plain view of the commander command tree, for the completion script
 * generators: command paths, their options and their arguments.
 */

import type { Command, Option } from "commander";

/** Completion source of a positional argument or an option value. */
export type CompletionKind =
  | "files"
  | "directories"
  | "sockets"
  | "containers"
  | "none";

/** Completion kind of each argument or option value, by its name. */
export const COMPLETION_KINDS: Record<string, CompletionKind> = {
  SOCKET: "sockets",
  IN: "files",
  OUT: "files",
  DIR: "directories",
  CONTAINER: "containers",
  NAME: "none",
  FILE: "files",
};

/** An option as completion needs it. */
export interface OptionSpec {
  names: string[];
  description: string;
  /** Whether the option takes a value. */
  takesValue: boolean;
  choices: string[];
  kind: CompletionKind;
}

/** A positional argument as completion needs it. */
export interface ArgumentSpec {
  choices: string[];
  kind: CompletionKind;
}

/** One command of the tree. */
export interface CommandSpec {
  /** Words after `tau`, such as ["mutagen", "socket", "check"]. */
  path: string[];
  description: string;
  subcommands: { name: string; description: string }[];
  options: OptionSpec[];
  arguments: ArgumentSpec[];
}

/** Flattens the tree, root first; global options appear at every level. */
export function commandSpecs(program: Command): CommandSpec[] {
  const help = program.createHelp();
  // Every command has its own --help, and --version works only on tau.
  const globals = help.visibleOptions(program)
    .filter((option) => !["--help", "--version"].includes(option.long ?? ""))
    .map(toOptionSpec);
  const specs: CommandSpec[] = [];

  const visit = (command: Command, path: string[]) => {
    const subcommands = help.visibleCommands(command)
      .filter((child) => child.name() !== "help");
    const own = help.visibleOptions(command).map(toOptionSpec);
    const ownNames = new Set(own.flatMap((option) => option.names));
    specs.push({
      path,
      description: command.description(),
      subcommands: subcommands.map((child) => ({
        name: child.name(),
        description: child.description(),
      })),
      options: [
        ...own,
        ...globals.filter((option) =>
          !option.names.some((name) => ownNames.has(name))
        ),
      ],
      arguments: command.registeredArguments.map((argument) => ({
        choices: [...(argument.argChoices ?? [])],
        kind: argument.argChoices ? "none" : kindOf(argument.name()),
      })),
    });
    for (const child of subcommands) visit(child, [...path, child.name()]);
  };

  visit(program, []);
  return specs;
}

function toOptionSpec(option: Option): OptionSpec {
  const valueName = /<(\w+)>|\[(\w+)\]/.exec(option.flags);
  const takesValue = valueName !== null;
  return {
    names: [option.short, option.long].filter((name): name is string =>
      typeof name === "string"
    ),
    description: option.description,
    takesValue,
    choices: [...(option.argChoices ?? [])],
    kind: takesValue && !option.argChoices
      ? kindOf(valueName[1] ?? valueName[2] ?? "")
      : "none",
  };
}

function kindOf(name: string): CompletionKind {
  return COMPLETION_KINDS[name] ?? "none";
}
