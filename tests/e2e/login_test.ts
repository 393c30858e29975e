/**
 * The login hook against the real daemon: creating the standard sockets,
 * staying silent when they exist, twenty shells at once, duplicates, the
 * time limit, and a container that cannot reach the host daemon.
 */

import assert from "node:assert/strict";
import $ from "dax";

import {
  assertDockerPing,
  assertGpgAgent,
  assertSshAgent,
  CONTAINER_HOME,
  mutagenSessions,
  requireComponents,
  sessionNames,
  startContainer,
  type TestContainer,
  waitFor,
} from "./harness.ts";

function standardNames(container: TestContainer): string[] {
  return ["docker", "gpg", "mutagen", "ssh"].map((name) =>
    `${container.digest}-${name}`
  );
}

async function terminate(container: TestContainer, ...names: string[]) {
  for (const name of names) {
    const result = await container.hostTau([
      "mutagen",
      "socket",
      "terminate",
      name,
    ]);
    assert.equal(result.code, 0, result.stderr);
  }
}

Deno.test("login ensures the standard sockets of a container", async (t) => {
  const host = await requireComponents();
  const container = await startContainer("loginproject");
  const state = await Deno.makeTempDir({ prefix: "tau-state-" });
  const hostEnv = { XDG_STATE_HOME: state };

  try {
    await t.step("on the host it creates all four, silently", async () => {
      const login = await container.hostTau(
        ["mutagen", "socket", "login"],
        hostEnv,
      );
      assert.equal(login.code, 0, login.stderr);
      assert.equal(login.stdout, "");
      assert.equal(login.stderr, "");
      assert.deepEqual(await sessionNames(container), standardNames(container));

      // Bytes cross every forward.
      await assertDockerPing(container);
      await assertGpgAgent(container);
      await assertSshAgent(container);
      const daemon = await container.tau(["mutagen", "check", "daemon"]);
      assert.equal(daemon.code, 0, daemon.stderr);
    });

    await t.step(
      "a second login changes nothing and prints nothing",
      async () => {
        const before = (await mutagenSessions()).map((session) =>
          session.identifier
        ).sort();
        const login = await container.hostTau(
          ["mutagen", "socket", "login"],
          hostEnv,
        );
        assert.equal(login.code, 0);
        assert.equal(login.stdout + login.stderr, "");
        const after = (await mutagenSessions()).map((session) =>
          session.identifier
        ).sort();
        assert.deepEqual(after, before);
      },
    );

    await t.step(
      "twenty concurrent logins inside end with four sockets",
      async () => {
        await terminate(container, "docker", "gpg", "ssh");
        // No session is left that shows the agent's host paths, so they come
        // from the environment, as takelage passes them into its containers.
        // The docker host path is learned from the mutagen session.
        const runs = await Promise.all(
          Array.from(
            { length: 20 },
            () =>
              container.tau(["mutagen", "socket", "login"], {
                TAKELAGE_TAU_CONFIG_MUTAGEN_SOCKET_LOGIN_TIMEOUT: "120",
                TAKELAGE_TAU_CONFIG_MUTAGEN_SOCKET_PATH_GPG_HOST: host.gpg,
                TAKELAGE_TAU_CONFIG_MUTAGEN_SOCKET_PATH_SSH_HOST: host.ssh,
              }),
          ),
        );
        for (const run of runs) {
          assert.equal(run.code, 0, run.stderr);
          assert.equal(run.stderr, "");
        }
        const names = (await mutagenSessions(
          `type=takelage-socket,hostname=${container.name}`,
        ))
          .map((session) => session.name).sort();
        assert.deepEqual(names, standardNames(container));

        // The sockets created inside reach the host's agent and dockerd.
        await assertGpgAgent(container);
        await assertDockerPing(container);
      },
    );

    await t.step("login reduces duplicates by identifier", async () => {
      const original = (await mutagenSessions(`hostname=${container.name}`))
        .find((session) => session.name === `${container.digest}-gpg`)!;
      // An older tool or a race left a second session with the same name.
      await $`mutagen forward create --name=${container.digest}-gpg
        --label=hostname=${container.name} --label=type=takelage-socket
        docker://tester@${container.name}:unix:/tmp/duplicate.sock unix:${host.gpg}`
        .quiet("stdout");
      assert.equal((await sessionNames(container)).length, 5);

      const login = await container.hostTau(
        ["mutagen", "socket", "login"],
        hostEnv,
      );
      assert.equal(login.code, 0, login.stderr);
      const gpg = (await mutagenSessions(`hostname=${container.name}`))
        .filter((session) => session.name === `${container.digest}-gpg`);
      assert.deepEqual(gpg.map((session) => session.identifier), [
        original.identifier,
      ]);
      assert.deepEqual(await sessionNames(container), standardNames(container));
    });

    await t.step("a slow login goes on in the background", async () => {
      await terminate(container, "docker", "gpg", "ssh");
      const login = await container.hostTau(["mutagen", "socket", "login"], {
        ...hostEnv,
        TAKELAGE_TAU_CONFIG_MUTAGEN_SOCKET_LOGIN_TIMEOUT: "0.01",
      });
      assert.equal(login.code, 0, login.stderr);
      assert.match(login.stderr, /continues in the background/);
      await waitFor(
        "the background login",
        async () => (await sessionNames(container)).length === 4,
      );
      assert.deepEqual(await sessionNames(container), standardNames(container));
    });

    await t.step(
      "background errors are reported once by a later run",
      async () => {
        await terminate(container, "gpg");
        const login = await container.hostTau(["mutagen", "socket", "login"], {
          ...hostEnv,
          TAKELAGE_TAU_CONFIG_MUTAGEN_SOCKET_LOGIN_TIMEOUT: "0.01",
          TAKELAGE_TAU_CONFIG_MUTAGEN_SOCKET_PATH_GPG_HOST:
            "/nonexistent/S.gpg-agent",
        });
        assert.equal(login.code, 0, login.stderr);

        // The worker writes its error, then exits.
        const logs = async () => {
          const entries = (await Array.fromAsync(Deno.readDir(`${state}/tau`)))
            .filter((entry) => entry.name.startsWith("login-errors-"));
          const texts = await Promise.all(
            entries.map((entry) =>
              Deno.readTextFile(`${state}/tau/${entry.name}`)
            ),
          );
          return texts.join("");
        };
        await waitFor(
          "the background error",
          async () => (await logs()).includes("not found"),
        );

        // A later run reports a log once it is older than the login time
        // limit, so this run gets the same short limit.
        const quick = {
          ...hostEnv,
          TAKELAGE_TAU_CONFIG_MUTAGEN_SOCKET_LOGIN_TIMEOUT: "0.01",
        };
        const first = await container.hostTau(
          ["mutagen", "socket", "list"],
          quick,
        );
        assert.match(
          first.stderr,
          new RegExp(
            `warning: a background socket login failed: Cannot create socket "${container.digest}-gpg": host socket "/nonexistent/S.gpg-agent" not found`,
          ),
        );
        const second = await container.hostTau(
          ["mutagen", "socket", "list"],
          quick,
        );
        assert.doesNotMatch(second.stderr, /background/);
      },
    );

    await t.step(
      "inside without the mutagen socket login names the fix",
      async () => {
        await terminate(container, "mutagen");
        const login = await container.tau(["mutagen", "socket", "login"]);
        assert.equal(login.code, 1);
        assert.match(
          login.stderr,
          new RegExp(
            `^error: Cannot reach the host mutagen daemon: forwarded socket "${CONTAINER_HOME}/.mutagen/daemon/daemon.sock" not (found|listening) \\(on the host run "tau mutagen socket login --container ${container.name}"\\)\\n$`,
          ),
        );
        const check = await container.tau(["mutagen", "check", "daemon"]);
        assert.equal(check.code, 1);
        assert.equal(check.stderr.trim().split("\n").length, 1, check.stderr);

        // The host command from the message repairs it.
        const repair = await container.hostTau([
          "mutagen",
          "socket",
          "login",
          "--container",
          container.name,
        ], hostEnv);
        assert.equal(repair.code, 0, repair.stderr);
        assert.equal(
          (await container.tau(["mutagen", "check", "daemon"])).code,
          0,
        );
      },
    );
  } finally {
    await container.remove();
    await Deno.remove(state, { recursive: true });
  }
});
