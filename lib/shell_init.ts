/**
 * The snippet for `eval "$(tau shell-init bash)"` in ~/.bashrc or
 * ~/.zshrc: completion, and inside takelage containers the login hook.
 */

import type { Command } from "commander";

import { completionScript } from "./completion.ts";

/**
 * Returns the snippet. It acts in interactive shells only, so `bash -c`,
 * scp and rsync never pay for it. The hook runs inside takelage containers
 * (TAKELAGE_PROJECT_BASE_DIR is set), at most once per container start
 * through `--once`, and TAU_NO_LOGIN_HOOK=1 turns it off. It sets no shell
 * options and never exits the shell.
 */
export function shellInit(program: Command, shell: "bash" | "zsh"): string {
  return [
    `# tau shell integration for ${shell}, from \`tau shell-init ${shell}\``,
    "case $- in",
    "    *i*)",
    completionScript(program, shell).split("\n")
      .filter((line) => !line.startsWith("#"))
      .map((line) => (line === "" ? "" : `        ${line}`)).join("\n"),
    '        if [ -n "${TAKELAGE_PROJECT_BASE_DIR:-}" ] && [ -z "${TAU_NO_LOGIN_HOOK:-}" ]; then',
    "            tau mutagen socket login --once",
    "        fi",
    "        ;;",
    "esac",
    "",
  ].join("\n");
}
