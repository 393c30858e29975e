/**
 * A context for unit tests: configuration from a map, a scripted runner
 * in place of mutagen, docker and gpgconf, and captured output.
 */

import { type Config, DEFAULTS } from "../../lib/config.ts";
import type { Context } from "../../lib/context.ts";
import { identityFromName } from "../../lib/identity.ts";
import { Logger } from "../../lib/log.ts";
import { Mutagen } from "../../lib/mutagen.ts";
import type { RunResult } from "../../lib/process.ts";

/** One recorded program run. */
export interface Call {
  executable: string;
  args: string[];
  env: Record<string, string>;
}

/** Returns the result of a program run; undefined means exit 0, no output. */
export type Responder = (call: Call) => Partial<RunResult> | undefined;

/** A fake context plus what it recorded. */
export interface FakeContext {
  context: Context;
  calls: Call[];
  stdout: string[];
  logs: string[];
}

/** Options of {@link fakeContext}. */
export interface FakeOptions {
  container?: string;
  inside?: boolean;
  env?: Record<string, string>;
  config?: Partial<Config["values"]>;
  respond?: Responder;
}

/** Builds a context whose program runs return what `respond` returns. */
export function fakeContext(options: FakeOptions = {}): FakeContext {
  const calls: Call[] = [];
  const stdout: string[] = [];
  const logs: string[] = [];
  const env = { HOME: "/home/tester", USER: "tester", ...options.env };
  const inside = options.inside ?? false;
  const log = new Logger({
    level: "debug",
    write: (line) => logs.push(line),
    color: false,
  });
  const run = (
    executable: string,
    args: string[],
    runEnv: Record<string, string>,
  ) => {
    const call = { executable, args, env: runEnv };
    calls.push(call);
    const answer = options.respond?.(call) ?? {};
    return Promise.resolve({ code: 0, stdout: "", stderr: "", ...answer });
  };

  const values = { ...DEFAULTS, ...options.config };
  const sources = Object.fromEntries(
    Object.keys(DEFAULTS).map((key) => [
      key,
      options.config && key in options.config ? "test" : "default",
    ]),
  ) as Config["sources"];
  const container = identityFromName(
    options.container ?? "takelage_project_xokil-lyzyd",
    inside,
  );

  const context: Context = {
    config: { values, sources },
    log,
    env: (name) => env[name as keyof typeof env],
    home: env.HOME,
    workdir: "/home/me/project",
    inside,
    mutagen: new Mutagen({
      executable: values.cmd_mutagen,
      insideContainer: inside,
      log,
      run,
    }),
    run,
    takelageLabel: values.mutagen_socket_takelage_label,
    user: env.USER,
    stdout: (line) => stdout.push(line),
    container: () => Promise.resolve(container),
  };
  return { context, calls, stdout, logs };
}

/** Builds mutagen's JSON for a session, with defaults for unused fields. */
export function sessionJson(fields: {
  identifier: string;
  name: string;
  container: string;
  status?: string;
  containerPath?: string;
  hostPath?: string;
  creationTime?: string;
  label?: [string, string];
}): Record<string, unknown> {
  const [key, value] = fields.label ?? ["type", "takelage-socket"];
  return {
    identifier: fields.identifier,
    version: 1,
    creationTime: fields.creationTime ?? "2026-12-04T10:00:00Z",
    creatingVersion: "0.18.1",
    source: {
      protocol: "docker",
      user: "tester",
      host: fields.container,
      endpoint: `unix:${fields.containerPath ?? "/tmp/in.sock"}`,
      environment: { DOCKER_HOST: "unix:///run/docker.sock" },
      connected: true,
    },
    destination: {
      protocol: "local",
      endpoint: `unix:${fields.hostPath ?? "/tmp/out.sock"}`,
      connected: true,
    },
    name: fields.name,
    labels: { hostname: fields.container, [key]: value },
    paused: false,
    status: fields.status ?? "forwarding",
    openConnections: 0,
    totalConnections: 0,
    totalOutboundData: 0,
    totalInboundData: 0,
  };
}

/** Returns these sessions for `mutagen forward list`; other runs succeed. */
export function listResponder(
  sessions: Record<string, unknown>[],
): Responder {
  return (call) => {
    if (call.args[0] === "forward" && call.args[1] === "list") {
      const selector = call.args.find((arg) =>
        arg.startsWith("--label-selector=")
      )?.slice("--label-selector=".length) ?? "";
      const required = selector.split(",").filter((part) =>
        part !== ""
      )
        .map((part) => part.split("="));
      const matching = sessions.filter((session) => {
        const labels = session.labels as Record<string, string>;
        return required.every(([key, value]) => labels[key!] === value);
      });
      return { stdout: JSON.stringify(matching) + "\n" };
    }
    if (call.args[0] === "forward" && call.args[1] === "create") {
      return { stdout: "Created session forward_0123456789abcdef\n" };
    }
    return undefined;
  };
}
