/**
 * The login hook from `tau shell-init` in real container shells: an
 * interactive bash or zsh start creates the missing sockets, while
 * `bash -c`, a second shell of the same container start and the opt-out
 * variable leave them alone.
 */

import assert from "node:assert/strict";

import { REPO } from "../helpers/run_tau.ts";
import {
  CONTAINER_HOME,
  CONTAINER_USER,
  requireComponents,
  sessionNames,
  startContainer,
  type TestContainer,
  waitFor,
} from "./harness.ts";

async function run(executable: string, args: string[], stdin?: string) {
  const child = new Deno.Command(executable, {
    args,
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(stdin));
    await writer.close();
  }
  const output = await child.output();
  assert.equal(
    output.code,
    0,
    `${executable} ${args.join(" ")}: ${
      new TextDecoder().decode(output.stderr)
    }`,
  );
  return new TextDecoder().decode(output.stdout);
}

/** Opens an interactive shell in the container inside tmux. */
async function openShell(
  container: TestContainer,
  shell: string,
  env: Record<string, string>,
): Promise<{ screen(): Promise<string>; close(): Promise<void> }> {
  const session = `tau-hook-${crypto.randomUUID().slice(0, 8)}`;
  const envArgs = Object.entries(env).flatMap((
    [key, value],
  ) => ["--env", `${key}=${value}`]);
  await run("tmux", [
    "new-session",
    "-d",
    "-s",
    session,
    "-x",
    "200",
    "-y",
    "50",
    "docker",
    "exec",
    "--interactive",
    "--tty",
    "--user",
    CONTAINER_USER,
    "--workdir",
    CONTAINER_HOME,
    "--env",
    `HOME=${CONTAINER_HOME}`,
    "--env",
    `USER=${CONTAINER_USER}`,
    "--env",
    "TERM=xterm",
    "--env",
    "PATH=/usr/local/bin:/opt/deno:/opt/mutagen:/usr/bin:/bin",
    "--env",
    "DENO_DIR=/tmp/deno-dir",
    ...envArgs,
    container.name,
    shell,
  ]);
  return {
    screen: () => run("tmux", ["capture-pane", "-p", "-t", session]),
    close: async () => {
      await new Deno.Command("tmux", { args: ["kill-session", "-t", session] })
        .output();
    },
  };
}

Deno.test("shell-init runs the login hook in interactive shells only", async (t) => {
  const host = await requireComponents();
  const container = await startContainer("hookproject");
  // takelage passes host paths into its containers' environment.
  const env = {
    TAKELAGE_TAU_CONFIG_MUTAGEN_SOCKET_PATH_GPG_HOST: host.gpg,
    TAKELAGE_TAU_CONFIG_MUTAGEN_SOCKET_PATH_SSH_HOST: host.ssh,
  };
  const wrapper =
    `#!/bin/sh\nexec /opt/deno/deno run -A --config ${REPO}/deno.json ${REPO}/main.ts "$@"\n`;
  const count = async () => (await sessionNames(container)).length;
  // Opens bash, waits for its prompt and a while longer, and checks that
  // no login changed the number of sockets.
  const assertBashLeavesSockets = async (
    shellEnv: Record<string, string>,
    expected: number,
  ) => {
    const shell = await openShell(container, "bash", shellEnv);
    try {
      await waitFor(
        "the prompt",
        async () => /\$ *$/m.test(await shell.screen()),
      );
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal(await count(), expected);
    } finally {
      await shell.close();
    }
  };
  const dropMarkers = () =>
    container.exec([
      "sh",
      "-c",
      `rm -f ${CONTAINER_HOME}/.local/state/tau/started-*`,
    ]);

  try {
    await run("docker", [
      "exec",
      "--interactive",
      "--user",
      "root",
      container.name,
      "tee",
      "/usr/local/bin/tau",
    ], wrapper);
    await run("docker", [
      "exec",
      "--user",
      "root",
      container.name,
      "chmod",
      "755",
      "/usr/local/bin/tau",
    ]);
    for (const [file, shell] of [[".bashrc", "bash"], [".zshrc", "zsh"]]) {
      await run("docker", [
        "exec",
        "--interactive",
        "--user",
        CONTAINER_USER,
        container.name,
        "tee",
        `${CONTAINER_HOME}/${file}`,
      ], `eval "$(tau shell-init ${shell})"\n`);
    }

    const login = await container.hostTau(["mutagen", "socket", "login"]);
    assert.equal(login.code, 0, login.stderr);
    await container.hostTau(["mutagen", "socket", "terminate", "docker"]);
    await container.hostTau(["mutagen", "socket", "terminate", "gpg"]);
    await container.hostTau(["mutagen", "socket", "terminate", "ssh"]);
    assert.equal(await count(), 1);

    await t.step("bash -c and zsh -c do not run the hook", async () => {
      for (const shell of ["bash", "zsh"]) {
        const result = await container.exec([shell, "-c", "true"], env);
        assert.equal(result.code, 0, result.stderr);
        assert.equal(result.stdout + result.stderr, "");
      }
      // An rc file sourced by a non-interactive shell must stay quiet too.
      const sourced = await container.exec([
        "bash",
        "-c",
        `. ${CONTAINER_HOME}/.bashrc`,
      ], env);
      assert.equal(sourced.code, 0);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.equal(await count(), 1);
    });

    await t.step(
      "an interactive bash creates the missing sockets",
      async () => {
        const shell = await openShell(container, "bash", env);
        try {
          await waitFor(
            "four sockets after bash started",
            async () => await count() === 4,
          );
          assert.doesNotMatch(await shell.screen(), /error|warning/i);
        } finally {
          await shell.close();
        }
      },
    );

    await t.step(
      "a second shell of the same start skips the login",
      async () => {
        await container.hostTau(["mutagen", "socket", "terminate", "docker"]);
        await assertBashLeavesSockets(env, 3);
      },
    );

    await t.step("TAU_NO_LOGIN_HOOK=1 turns the hook off", async () => {
      await dropMarkers();
      await assertBashLeavesSockets({ ...env, TAU_NO_LOGIN_HOOK: "1" }, 3);
    });

    await t.step("an interactive zsh creates the missing sockets", async () => {
      await dropMarkers();
      const shell = await openShell(container, "zsh", env);
      try {
        await waitFor(
          "four sockets after zsh started",
          async () => await count() === 4,
        );
        assert.doesNotMatch(await shell.screen(), /error|warning/i);
      } finally {
        await shell.close();
      }
    });
  } finally {
    await container.remove();
  }
});
