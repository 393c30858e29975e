/**
 * Shared set-up of the end-to-end tests: the components they need, a
 * takelage-like container, and tau run on the host or inside it.
 *
 * The components come from scripts/provision, which exports their
 * locations in .tools/env.sh. A missing component fails the test and
 * names it; nothing is skipped.
 */

import assert from "node:assert/strict";
import $ from "dax";

import { containerNameFor } from "../../lib/identity.ts";
import {
  REPO,
  runCommand,
  runTau,
  type TauResult,
} from "../helpers/run_tau.ts";

/**
 * Seconds any one command in a container may take. A forward that points
 * at the wrong socket makes clients such as gpg-connect-agent wait
 * forever; the limit turns that into a failure.
 */
const EXEC_TIMEOUT_SECONDS = "60";

/** The user takelage creates in its containers for the host user. */
export const CONTAINER_USER = "tester";
export const CONTAINER_HOME = `/home/${CONTAINER_USER}`;

/** Host-side paths of the sockets the tests forward. */
export interface HostSockets {
  docker: string;
  gpg: string;
  ssh: string;
  mutagen: string;
}

/** Checks that every component is there and returns the host sockets. */
export async function requireComponents(): Promise<HostSockets> {
  const missing: string[] = [];
  const need = (name: string, hint: string) => {
    const value = Deno.env.get(name);
    if (!value) missing.push(`${name} (${hint})`);
    return value ?? "";
  };
  const dockerHost = need(
    "DOCKER_HOST",
    "dockerd started by scripts/provision",
  );
  need("TAU_TEST_IMAGE", "test image built by scripts/provision");
  need("TAU_TEST_MUTAGEN", "mutagen v0.18.1 built by scripts/provision");
  need("GNUPGHOME", "host gpg-agent home from scripts/provision");
  const dataDirectory = need(
    "MUTAGEN_DATA_DIRECTORY",
    "private mutagen daemon",
  );
  if (missing.length > 0) {
    assert.fail(
      `Missing test components, run scripts/provision: ${missing.join(", ")}`,
    );
  }

  const ping = await $`curl -s --unix-socket ${
    dockerHost.replace("unix://", "")
  } http://localhost/_ping`
    .noThrow().quiet().text();
  assert.equal(ping, "OK", `dockerd does not answer at ${dockerHost}`);

  const version = await $`mutagen version`.noThrow().quiet().text();
  assert.equal(version, "0.18.1", "mutagen 0.18.1 is not first on PATH");

  // gpgconf prints its own order whatever the arguments, so ask one by one.
  const gpg = await $`gpgconf --list-dirs agent-socket`.text();
  const ssh = await $`gpgconf --list-dirs agent-ssh-socket`.text();
  assert.ok(gpg, "gpgconf did not print the agent socket");
  assert.ok(ssh, "gpgconf did not print the agent ssh socket");
  return {
    docker: dockerHost.replace("unix://", ""),
    gpg,
    ssh,
    mutagen: `${dataDirectory}/daemon/daemon.sock`,
  };
}

/** A running takelage-like container for one project directory. */
export interface TestContainer {
  name: string;
  digest: string;
  project: string;
  /** Runs a program in the container as the container user. */
  exec(args: string[], env?: Record<string, string>): Promise<TauResult>;
  /** Runs tau inside the container, as the container user. */
  tau(args: string[], env?: Record<string, string>): Promise<TauResult>;
  /** Runs tau on the host for this container's project. */
  hostTau(args: string[], env?: Record<string, string>): Promise<TauResult>;
  remove(): Promise<void>;
}

/**
 * Starts a container as takelage does: named after the project, hostname
 * equal to the name, TAKELAGE_PROJECT_BASE_DIR set, and a non-root user in
 * group docker. Deno, the checkout and the host's mutagen are mounted so
 * that tau runs inside with a mutagen CLI that matches the host daemon.
 */
export async function startContainer(
  projectName: string,
): Promise<TestContainer> {
  const root = await Deno.makeTempDir({ prefix: "tau-e2e-" });
  const project = `${root}/${projectName}`;
  await Deno.mkdir(project);
  await Deno.writeTextFile(`${project}/Rakefile`, "");
  const name = await containerNameFor("takelage", project);
  const denoDir = Deno.execPath().replace(/\/deno$/, "");
  const mutagenDir = Deno.env.get("TAU_TEST_MUTAGEN")!.replace(
    /\/mutagen$/,
    "",
  );

  await $`docker run -d --network none --name ${name} --hostname ${name}
    --label takelage=${name}
    --env TAKELAGE_PROJECT_BASE_DIR=${project}
    --volume ${REPO}:${REPO}:ro
    --volume ${denoDir}:/opt/deno:ro
    --volume ${mutagenDir}:/opt/mutagen:ro
    ${Deno.env.get("TAU_TEST_IMAGE")!} sleep infinity`.quiet("stdout");

  // takelage creates the host user with its home and agent directories.
  await $`docker exec ${name} groupadd --force docker`.quiet("stdout");
  await $`docker exec ${name} useradd --create-home --uid 1000 --groups docker --shell /bin/bash ${CONTAINER_USER}`
    .quiet("stdout");
  for (const directory of [".gnupg", ".mutagen/daemon"]) {
    await $`docker exec --user ${CONTAINER_USER} ${name} mkdir -p -m 700 ${CONTAINER_HOME}/${directory}`
      .quiet("stdout");
  }

  const exec = async (args: string[], env: Record<string, string> = {}) => {
    const envArgs = Object.entries(env).flatMap((
      [key, value],
    ) => ["--env", `${key}=${value}`]);
    return await runCommand("docker", [
      "exec",
      "--user",
      CONTAINER_USER,
      "--workdir",
      CONTAINER_HOME,
      "--env",
      `HOME=${CONTAINER_HOME}`,
      "--env",
      `USER=${CONTAINER_USER}`,
      "--env",
      "PATH=/opt/deno:/opt/mutagen:/usr/local/bin:/usr/bin:/bin",
      "--env",
      "DENO_DIR=/tmp/deno-dir",
      "--env",
      "NO_COLOR=1",
      ...envArgs,
      name,
      "timeout",
      EXEC_TIMEOUT_SECONDS,
      ...args,
    ]);
  };

  return {
    name,
    digest: name.slice(-11),
    project,
    exec,
    tau: (args, env) =>
      exec([
        "deno",
        "run",
        "-A",
        "--config",
        `${REPO}/deno.json`,
        `${REPO}/main.ts`,
        ...args,
      ], env),
    hostTau: (args, env = {}) =>
      runTau(args, { cwd: project, env: { USER: CONTAINER_USER, ...env } }),
    async remove() {
      await $`docker rm -f ${name}`.noThrow().quiet();
      await $`mutagen forward terminate --label-selector=${`hostname=${name}`}`
        .noThrow().quiet();
      await Deno.remove(root, { recursive: true });
    },
  };
}

/** A session as `mutagen forward list` reports it. */
export interface MutagenSession {
  identifier: string;
  name: string;
  labels: Record<string, string>;
  status: string;
}

/** Lists sessions with the real mutagen CLI, independently of tau. */
export async function mutagenSessions(
  selector = "type=takelage-socket",
): Promise<MutagenSession[]> {
  const text =
    await $`mutagen forward list --label-selector=${selector} --template=${"{{json .}}"}`
      .quiet().text();
  return (JSON.parse(text) ?? []) as MutagenSession[];
}

/**
 * Asserts that `tau mutagen socket list --container NAME --json` shows
 * exactly the sessions that mutagen shows for the container. Other test
 * files may create sessions meanwhile, so only this container counts.
 */
export async function assertListAgrees(
  container: TestContainer,
): Promise<string[]> {
  const expected =
    (await mutagenSessions(`type=takelage-socket,hostname=${container.name}`))
      .map((session) => session.identifier).sort();
  const result = await container.hostTau([
    "mutagen",
    "socket",
    "list",
    "--container",
    container.name,
    "--json",
  ]);
  if (expected.length === 0) {
    assert.equal(result.code, 1, result.stderr);
    return [];
  }
  assert.equal(result.code, 0, result.stderr);
  const listed = (JSON.parse(result.stdout) as { identifier: string }[])
    .map((socket) => socket.identifier).sort();
  assert.deepEqual(listed, expected);
  return listed;
}

/** Names of one container's takelage sessions, as mutagen reports them. */
export async function sessionNames(
  container: TestContainer,
): Promise<string[]> {
  return (await mutagenSessions(
    `type=takelage-socket,hostname=${container.name}`,
  ))
    .map((session) => session.name).sort();
}

/** Waits until a condition holds, polling; fails after `seconds`. */
export async function waitFor(
  description: string,
  condition: () => Promise<boolean>,
  seconds = 30,
): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.fail(`Timed out after ${seconds} s waiting for ${description}`);
}

/** Asserts that curl in the container gets "OK" from dockerd through a socket. */
export async function assertDockerPing(
  container: TestContainer,
  socketPath = "/var/run/docker.sock",
): Promise<void> {
  const ping = await container.exec([
    "curl",
    "-s",
    "--unix-socket",
    socketPath,
    "http://localhost/_ping",
  ]);
  assert.equal(ping.stdout, "OK", `no _ping answer through ${socketPath}`);
}

/** Asserts that gpg-connect-agent in the container reaches the host agent. */
export async function assertGpgAgent(container: TestContainer): Promise<void> {
  const agent = await container.exec([
    "gpg-connect-agent",
    "--no-autostart",
    "GETINFO version",
    "/bye",
  ]);
  assert.equal(agent.code, 0, agent.stderr);
  assert.match(agent.stdout, /^D 2\.\d+\.\d+\nOK\n/);
}

/** Asserts that ssh-add in the container lists the host agent's key. */
export async function assertSshAgent(container: TestContainer): Promise<void> {
  const keys = await container.exec(["ssh-add", "-l"], {
    SSH_AUTH_SOCK: `${CONTAINER_HOME}/.gnupg/S.gpg-agent.ssh`,
  });
  assert.equal(keys.code, 0, keys.stderr);
  assert.match(keys.stdout, /ED25519/);
}
