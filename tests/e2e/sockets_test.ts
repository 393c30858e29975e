/**
 * tau's socket commands against the real mutagen daemon, the real dockerd
 * and a real gpg-agent, checked from inside a real container.
 */

import assert from "node:assert/strict";

import {
  assertDockerPing,
  assertGpgAgent,
  assertListAgrees,
  assertSshAgent,
  CONTAINER_HOME,
  mutagenSessions,
  requireComponents,
  sessionNames,
  startContainer,
} from "./harness.ts";

Deno.test("socket commands forward real sockets into a container", async (t) => {
  const host = await requireComponents();
  const container = await startContainer("project");
  const digest = container.digest;

  try {
    await t.step("docker: curl inside reaches the host dockerd", async () => {
      const created = await container.hostTau(["mutagen", "socket", "docker"]);
      assert.equal(created.code, 0, created.stderr);
      assert.equal(created.stdout, `${digest}-docker\n`);

      await assertDockerPing(container);

      const mode = await container.exec([
        "stat",
        "-c",
        "%G %a",
        "/var/run/docker.sock",
      ]);
      assert.equal(mode.stdout.trim(), "docker 660");
      await assertListAgrees(container);
    });

    await t.step("gpg and ssh: the host agent answers inside", async () => {
      for (
        const [name, inside, outside] of [
          ["gpg", "~/.gnupg/S.gpg-agent", host.gpg],
          ["ssh", "~/.gnupg/S.gpg-agent.ssh", host.ssh],
        ]
      ) {
        const created = await container.hostTau([
          "mutagen",
          "socket",
          "create",
          name!,
          inside!,
          outside!,
        ]);
        assert.equal(created.code, 0, created.stderr);
      }

      await assertGpgAgent(container);

      await assertSshAgent(container);
      await assertListAgrees(container);
    });

    await t.step(
      "create rejects an existing name and keeps the session",
      async () => {
        const before = await mutagenSessions();
        const again = await container.hostTau([
          "mutagen",
          "socket",
          "create",
          "gpg",
          "/tmp/x",
          host.gpg,
        ]);
        assert.equal(again.code, 1);
        assert.match(
          again.stderr,
          new RegExp(`Cannot create socket "${digest}-gpg": it already exists`),
        );
        assert.deepEqual(await mutagenSessions(), before);
      },
    );

    await t.step(
      "mutagen: tau inside creates a forward through it",
      async () => {
        const created = await container.hostTau(
          [
            "mutagen",
            "socket",
            "create",
            "mutagen",
            "~/.mutagen/daemon/daemon.sock",
            host.mutagen,
          ],
        );
        assert.equal(created.code, 0, created.stderr);

        const check = await container.tau(["mutagen", "check", "daemon"]);
        assert.equal(check.code, 0, check.stderr);

        const extra = await container.tau(
          [
            "mutagen",
            "socket",
            "create",
            "extra",
            "/tmp/extra.sock",
            host.docker,
          ],
        );
        assert.equal(extra.code, 0, extra.stderr);
        await assertDockerPing(container, "/tmp/extra.sock");
        assert.deepEqual(await sessionNames(container), [
          `${digest}-docker`,
          `${digest}-extra`,
          `${digest}-gpg`,
          `${digest}-mutagen`,
          `${digest}-ssh`,
        ]);
        await assertListAgrees(container);
      },
    );

    await t.step("check answers for full and short names", async () => {
      assert.equal(
        (await container.hostTau([
          "mutagen",
          "socket",
          "check",
          `${digest}-gpg`,
        ])).code,
        0,
      );
      assert.equal(
        (await container.tau(["mutagen", "socket", "check", "ssh"])).code,
        0,
      );
      assert.equal(
        (await container.hostTau(["mutagen", "socket", "check", "nothere"]))
          .code,
        1,
      );
    });

    await t.step("terminate ends one socket and check agrees", async () => {
      const ended = await container.tau([
        "mutagen",
        "socket",
        "terminate",
        "extra",
      ]);
      assert.equal(ended.code, 0, ended.stderr);
      assert.equal(ended.stdout, `${digest}-extra\n`);
      assert.equal(
        (await container.hostTau(["mutagen", "socket", "check", "extra"])).code,
        1,
      );
      assert.equal(
        (await container.hostTau(["mutagen", "socket", "terminate", "extra"]))
          .code,
        1,
      );
      await assertListAgrees(container);
    });

    await t.step("paths with shell syntax are used literally", async () => {
      // Unix socket paths hold at most 107 bytes, so the names stay short.
      const marker = `/tmp/pwned-${digest}`;
      const directory = `/tmp/a b;$(touch ${marker})`;
      const mkdir = await container.exec(["mkdir", "-p", directory]);
      assert.equal(mkdir.code, 0, mkdir.stderr);
      // A file name contains no slash, so its command touches a relative path.
      const inside = `${directory}/'\`touch pwned\`.s`;
      const created = await container.hostTau([
        "mutagen",
        "socket",
        "create",
        "odd",
        inside,
        host.docker,
      ]);
      assert.equal(created.code, 0, created.stderr);

      await assertDockerPing(container, inside);
      await assert.rejects(Deno.stat(marker), Deno.errors.NotFound);
      assert.equal((await container.exec(["test", "-e", marker])).code, 1);
      for (
        const relative of [
          `${CONTAINER_HOME}/pwned`,
          `${directory}/pwned`,
          "/pwned",
        ]
      ) {
        assert.equal(
          (await container.exec(["test", "-e", relative])).code,
          1,
          relative,
        );
      }
      await assert.rejects(
        Deno.stat(`${container.project}/pwned`),
        Deno.errors.NotFound,
      );
      assert.equal(
        (await container.hostTau(["mutagen", "socket", "terminate", "odd"]))
          .code,
        0,
      );
    });

    await t.step("list prints a table of the sockets", async () => {
      const table = await container.hostTau([
        "mutagen",
        "socket",
        "list",
        "--container",
        container.name,
      ]);
      assert.equal(table.code, 0, table.stderr);
      const lines = table.stdout.trimEnd().split("\n");
      assert.match(
        lines[0]!,
        /^NAME\s+CONTAINER\s+STATUS\s+CONTAINER PATH\s+HOST PATH$/,
      );
      assert.equal(lines.length, 5);
      assert.match(
        table.stdout,
        new RegExp(
          `${digest}-docker\\s+${container.name}\\s+forwarding\\s+/var/run/docker.sock\\s+${host.docker}`,
        ),
      );
    });

    await t.step(
      "tidy removes the sessions of a removed container",
      async () => {
        const other = await startContainer("other");
        try {
          const created = await other.hostTau([
            "mutagen",
            "socket",
            "docker",
            host.docker,
          ]);
          assert.equal(created.code, 0, created.stderr);
          assert.deepEqual(await sessionNames(other), [
            `${other.digest}-docker`,
          ]);

          // Remove only the container, as `docker rm` by hand does.
          const removed = await new Deno.Command("docker", {
            args: ["rm", "-f", other.name],
            stdout: "null",
          }).output();
          assert.equal(removed.code, 0);

          const tidy = await container.hostTau(["mutagen", "socket", "tidy"]);
          assert.equal(tidy.code, 0, tidy.stderr);
          // Another test file may leave orphans too, so look for this one only.
          assert.ok(
            tidy.stdout.split("\n").includes(`${other.digest}-docker`),
            tidy.stdout,
          );
          assert.deepEqual(await sessionNames(other), []);
          assert.equal((await sessionNames(container)).length, 4);
          await assertListAgrees(container);
        } finally {
          await other.remove();
        }
      },
    );

    await t.step("tidy inside removes a stale socket file", async () => {
      // A socket file without a listener, as a crashed forward leaves it:
      // perl binds it and exits without removing the file.
      const stale = `${CONTAINER_HOME}/.mutagen/daemon/stale.sock`;
      const bound = await container.exec([
        "perl",
        "-MIO::Socket::UNIX",
        "-e",
        "IO::Socket::UNIX->new(Local => $ARGV[0], Listen => 1) or die $!",
        stale,
      ]);
      assert.equal(bound.code, 0, bound.stderr);
      assert.equal((await container.exec(["test", "-S", stale])).code, 0);

      const tidy = await container.tau(["mutagen", "socket", "tidy"]);
      assert.equal(tidy.code, 0, tidy.stderr);
      assert.equal(tidy.stdout, `${stale}\n`);
      assert.equal((await container.exec(["test", "-e", stale])).code, 1);
      assert.equal(
        (await container.exec([
          "test",
          "-S",
          `${CONTAINER_HOME}/.mutagen/daemon/daemon.sock`,
        ])).code,
        0,
      );
      assert.equal(
        (await container.tau(["mutagen", "check", "daemon"])).code,
        0,
      );
    });

    await t.step("terminate --container ends every socket of it", async () => {
      const ended = await container.hostTau([
        "mutagen",
        "socket",
        "terminate",
        "--container",
        container.name,
      ]);
      assert.equal(ended.code, 0, ended.stderr);
      assert.deepEqual(await sessionNames(container), []);
      const list = await container.hostTau([
        "mutagen",
        "socket",
        "list",
        "--container",
        container.name,
      ]);
      assert.equal(list.code, 1);
      assert.equal(list.stderr, "No takelage sockets found\n");
    });
  } finally {
    await container.remove();
  }
});
