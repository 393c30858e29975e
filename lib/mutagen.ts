/**
 * The mutagen client: runs the mutagen CLI with argument vectors, never
 * through a shell, and reads sessions only through its JSON template
 * output.
 */

import { TauError } from "./errors.ts";
import type { Logger } from "./log.ts";
import { type Runner, runProcess, type RunResult } from "./process.ts";
import { type ForwardSession, parseSessions } from "./session.ts";

/** Options for {@link Mutagen}. */
export interface MutagenOptions {
  /** The mutagen executable, `cmd_mutagen` in the config. */
  executable: string;
  /** Setting that names the executable, for error messages. */
  executableSource?: string;
  /** Fix to suggest when the daemon is not reachable. */
  daemonHint?: string;
  /**
   * Whether tau runs inside a container. There mutagen must never start a
   * private daemon: it would shadow the forwarded host daemon and leave
   * files behind that block the forward later.
   */
  insideContainer: boolean;
  log: Logger;
  run?: Runner;
}

/** The parameters of a new forwarding session. */
export interface CreateRequest {
  name: string;
  labels: string[];
  source: string;
  destination: string;
  /** Extra `--socket-*` flags, already formatted. */
  flags: string[];
  /** Extra environment for the mutagen CLI. */
  env?: Record<string, string>;
  /** Name of the container, for error messages. */
  container: string;
}

/** Failures of mutagen itself, carrying its message and exit code. */
export class MutagenError extends TauError {
  readonly detail: string;

  constructor(message: string, detail: string) {
    super(message);
    this.name = "MutagenError";
    this.detail = detail;
  }
}

// Go templates expose the session list as "."; mutagen's "json" function
// renders it with the field names of its public API models.
const JSON_TEMPLATE = "{{json .}}";

/** A thin, typed wrapper around the mutagen CLI. */
export class Mutagen {
  readonly #options: MutagenOptions;
  readonly #run: Runner;

  constructor(options: MutagenOptions) {
    this.#options = options;
    this.#run = options.run ?? runProcess;
  }

  /**
   * Lists forwarding sessions matching a label selector. With
   * `autostart: false` mutagen fails instead of starting a daemon, which
   * makes the call a probe of the running daemon.
   */
  async list(
    labelSelector: string,
    options: { autostart?: boolean } = {},
  ): Promise<ForwardSession[]> {
    const result = await this.run([
      "forward",
      "list",
      `--label-selector=${labelSelector}`,
      `--template=${JSON_TEMPLATE}`,
    ], { noAutostart: options.autostart === false });
    this.#ensureSuccess(result, "list forwarding sessions");
    return parseSessions(result.stdout);
  }

  /** Creates a forwarding session and returns its identifier. */
  async create(request: CreateRequest): Promise<string> {
    const result = await this.run([
      "forward",
      "create",
      `--name=${request.name}`,
      ...request.labels.map((label) => `--label=${label}`),
      ...request.flags,
      request.source,
      request.destination,
    ], { env: request.env ?? {} });
    const action = `create socket "${request.name}"`;
    if (result.code !== 0 && /container does not exist/.test(result.stderr)) {
      throw new MutagenError(
        `Cannot ${action}: container "${request.container}" not found ` +
          "(start it, or pass the right --workdir or --container)",
        mutagenMessage(result),
      );
    }
    this.#ensureSuccess(result, action);
    return lastWord(result.stdout);
  }

  /** Terminates sessions by identifier, so same-named ones stay safe. */
  async terminate(identifiers: string[]): Promise<void> {
    if (identifiers.length === 0) return;
    const result = await this.run(["forward", "terminate", ...identifiers]);
    this.#ensureSuccess(result, "terminate forwarding sessions");
  }

  /** Runs mutagen once, logging the argument vector at debug level. */
  async run(
    args: string[],
    options: { noAutostart?: boolean; env?: Record<string, string> } = {},
  ): Promise<RunResult> {
    const { executable, insideContainer, log } = this.#options;
    const env: Record<string, string> = { ...options.env };
    if (insideContainer || options.noAutostart) {
      env.MUTAGEN_DISABLE_AUTOSTART = "1";
    }
    const started = performance.now();
    let result: RunResult;
    try {
      result = await this.#run(executable, args, env);
    } catch (error) {
      const source = this.#options.executableSource ??
        "cmd_mutagen in ~/.takelage.yml";
      if (error instanceof Deno.errors.NotFound) {
        throw new TauError(
          `Cannot run mutagen: executable "${executable}" not found ` +
            `(install mutagen or set ${source})`,
        );
      }
      if (error instanceof Deno.errors.PermissionDenied) {
        throw new TauError(
          `Cannot run mutagen: "${executable}" is not executable ` +
            `(check its permissions or set ${source})`,
        );
      }
      throw error;
    }
    if (log.enabled("debug")) {
      const elapsed = (performance.now() - started).toFixed(0);
      log.debug(
        `ran ${JSON.stringify([executable, ...args])} in ${elapsed} ms, ` +
          `exit status ${result.code}`,
      );
    }
    return result;
  }

  #ensureSuccess(result: RunResult, action: string): void {
    if (result.code === 0) return;
    const detail = mutagenMessage(result);
    if (isDaemonUnreachable(detail)) {
      const hint = this.#options.daemonHint ??
        'start it with "mutagen daemon start"';
      throw new MutagenError(
        `Cannot ${action}: mutagen daemon not reachable (${hint})`,
        detail,
      );
    }

    throw new MutagenError(`Cannot ${action}: ${detail}`, detail);
  }
}

/** Extracts mutagen's own error line, without its "Error: " prefix. */
export function mutagenMessage(result: RunResult): string {
  const lines = result.stderr.split("\n").map((line) => line.trim())
    .filter((line) => line !== "");
  const error = lines.find((line) => line.startsWith("Error:"));
  const message = (error ?? lines.at(-1) ?? "").replace(/^Error:\s*/, "");
  return message === "" ? `mutagen exited with status ${result.code}` : message;
}

function isDaemonUnreachable(message: string): boolean {
  return /unable to connect to daemon|daemon autostart disabled|connection refused|no such file or directory.*daemon/i
    .test(message);
}

function lastWord(text: string): string {
  return text.trim().split(/\s+/).at(-1) ?? "";
}
