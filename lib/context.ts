/**
 * The run-time context every command works with: configuration, the
 * current container, the mutagen client and output streams.
 */

import { type Config, loadConfig, settingFor } from "./config.ts";
import {
  type ContainerIdentity,
  currentContainer,
  isInsideContainer,
  resolveWorkdir,
} from "./identity.ts";
import { Logger } from "./log.ts";
import { Mutagen } from "./mutagen.ts";
import { type Runner, runProcess } from "./process.ts";

/** Process facts a context is built from; tests pass their own. */
export interface ContextInput {
  workdir?: string | undefined;
  log: Logger;
  env?: (name: string) => string | undefined;
  cwd?: string;
  run?: Runner;
  /** Receives each line of data output; defaults to stdout. */
  stdout?: (line: string) => void;
}

/** Shared state of one tau run. */
export interface Context {
  config: Config;
  log: Logger;
  env: (name: string) => string | undefined;
  home: string | undefined;
  workdir: string;
  /** Whether tau runs inside a takelage container. */
  inside: boolean;
  mutagen: Mutagen;
  /** Runs helper programs such as docker and gpgconf. */
  run: Runner;
  /** The takelage label, `type=takelage-socket` by default. */
  takelageLabel: string;
  /** The user that container-side endpoints run as. */
  user: string;
  stdout: (line: string) => void;
  container(): Promise<ContainerIdentity>;
}

/** Loads the configuration and builds the context of one run. */
export async function createContext(input: ContextInput): Promise<Context> {
  const env = input.env ?? ((name: string) => Deno.env.get(name));
  const cwd = input.cwd ?? Deno.cwd();
  const home = env("HOME");
  const identityInput = {
    workdir: input.workdir,
    env,
    cwd,
    hostname: () => Deno.hostname(),
    dockerRepo: "",
  };
  const workdir = resolveWorkdir(identityInput);
  const config = await loadConfig({ home, workdir, env });
  const inside = isInsideContainer(env);
  const mutagen = new Mutagen({
    executable: config.values.cmd_mutagen,
    executableSource: settingFor(config, "cmd_mutagen"),
    insideContainer: inside,
    log: input.log,
    ...(input.run ? { run: input.run } : {}),
    // Inside a container only the host can repair the forward.
    ...(inside
      ? {
        daemonHint: "the forwarded mutagen socket is missing or dead; on " +
          'the host run "tau mutagen socket login --container ' +
          `${env("HOSTNAME") || Deno.hostname()}"`,
      }
      : {}),
  });

  let container: Promise<ContainerIdentity> | undefined;
  return {
    config,
    log: input.log,
    env,
    home,
    workdir,
    inside,
    mutagen,
    run: input.run ?? runProcess,
    takelageLabel: config.values.mutagen_socket_takelage_label,
    // The Ruby tool falls back to "noname"; keep that for compatibility.
    user: env("USER") || env("LOGNAME") || "noname",
    stdout: input.stdout ?? writeStdout,
    container() {
      container ??= currentContainer({
        ...identityInput,
        workdir,
        dockerRepo: config.values.docker_repo,
      });
      return container;
    },
  };
}

const encoder = new TextEncoder();

function writeStdout(line: string): void {
  Deno.stdout.writeSync(encoder.encode(line + "\n"));
}
