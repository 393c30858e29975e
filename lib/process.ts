/**
 * Running helper programs (mutagen, docker, gpgconf) with argument
 * vectors. Nothing here goes through a shell, so paths with spaces,
 * quotes or `$(...)` reach the program unchanged.
 */

/** The result of one program run. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program with arguments; injected so tests can fake programs. */
export type Runner = (
  executable: string,
  args: string[],
  env: Record<string, string>,
) => Promise<RunResult>;

const decoder = new TextDecoder();

/**
 * Runs a program to completion with stdin closed and both outputs
 * captured. `env` adds to the inherited environment.
 */
export async function runProcess(
  executable: string,
  args: string[],
  env: Record<string, string>,
): Promise<RunResult> {
  const output = await new Deno.Command(executable, {
    args,
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}
