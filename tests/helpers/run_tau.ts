/** Runs tau from the checkout as a subprocess, the way users run it. */

import { fromFileUrl } from "../../lib/file_url.ts";

/** The checkout's root directory. */
export const REPO = fromFileUrl(new URL("../../", import.meta.url).href)
  .replace(/\/$/, "");

/** What a tau run printed and returned. */
export interface TauResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options of {@link runTau}. */
export interface RunTauOptions {
  env?: Record<string, string>;
  cwd?: string;
  /** Replace the environment instead of adding to it. */
  clearEnv?: boolean;
}

/** Runs `deno run -A main.ts ARGS` and captures its output. */
export function runTau(
  args: string[],
  options: RunTauOptions = {},
): Promise<TauResult> {
  return runCommand(Deno.execPath(), [
    "run",
    "-A",
    "--config",
    `${REPO}/deno.json`,
    `${REPO}/main.ts`,
    ...args,
  ], {
    env: { NO_COLOR: "1", ...options.env },
    clearEnv: options.clearEnv ?? false,
    cwd: options.cwd ?? REPO,
  });
}

/** Runs a program with stdin closed and returns its decoded output. */
export async function runCommand(
  executable: string,
  args: string[],
  options: Pick<Deno.CommandOptions, "env" | "clearEnv" | "cwd"> = {},
): Promise<TauResult> {
  const output = await new Deno.Command(executable, {
    ...options,
    args,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}
