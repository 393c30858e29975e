import assert from "node:assert/strict";

import { identityFromName } from "../lib/identity.ts";
import {
  applyLogin,
  findDuplicates,
  isSettled,
  planLogin,
} from "../lib/socket_login.ts";
import { toSocket } from "../lib/sockets.ts";
import { parseSessions } from "../lib/session.ts";
import {
  fakeContext,
  listResponder,
  sessionJson,
} from "./helpers/fake_context.ts";

const CONTAINER = "takelage_project_xokil-lyzyd";

function sockets(sessions: Record<string, unknown>[]) {
  return parseSessions(JSON.stringify(sessions)).map(toSocket);
}

Deno.test("findDuplicates() keeps the healthy session", () => {
  const found = findDuplicates(sockets([
    sessionJson({
      identifier: "old-broken",
      name: "a-gpg",
      container: "c",
      status: "connecting-source",
      creationTime: "2026-01-01T00:00:00Z",
    }),
    sessionJson({
      identifier: "new-healthy",
      name: "a-gpg",
      container: "c",
      creationTime: "2026-02-01T00:00:00Z",
    }),
    sessionJson({ identifier: "single", name: "a-ssh", container: "c" }),
  ]));
  assert.deepEqual(found.map((socket) => socket.identifier), ["old-broken"]);
});

Deno.test("findDuplicates() keeps the oldest among healthy ones", () => {
  const found = findDuplicates(sockets([
    sessionJson({
      identifier: "b",
      name: "a-gpg",
      container: "c",
      creationTime: "2026-02-01T00:00:00Z",
    }),
    sessionJson({
      identifier: "a",
      name: "a-gpg",
      container: "c",
      creationTime: "2026-01-01T00:00:00Z",
    }),
    sessionJson({
      identifier: "c",
      name: "a-gpg",
      container: "c",
      creationTime: "2026-03-01T00:00:00Z",
    }),
  ]));
  assert.deepEqual(found.map((socket) => socket.identifier).sort(), ["b", "c"]);
});

Deno.test("planLogin() finds the missing standard sockets", async () => {
  const fake = fakeContext({
    respond: listResponder([
      sessionJson({
        identifier: "f1",
        name: "xokil-lyzyd-docker",
        container: CONTAINER,
      }),
      sessionJson({
        identifier: "f2",
        name: "xokil-lyzyd-gpg",
        container: CONTAINER,
      }),
    ]),
  });
  const plan = await planLogin(
    fake.context,
    identityFromName(CONTAINER, false),
  );
  assert.deepEqual(plan.missing, ["mutagen", "ssh"]);
  assert.equal(isSettled(plan), false);
  assert.equal(fake.calls.length, 1);
});

Deno.test("applyLogin() inside learns host paths from other containers", async () => {
  const home = await Deno.makeTempDir();
  try {
    // The forwarded mutagen socket must exist before anything can run.
    const daemonDirectory = `${home}/.mutagen/daemon`;
    await Deno.mkdir(daemonDirectory, { recursive: true });
    const listener = Deno.listen({
      transport: "unix",
      path: `${daemonDirectory}/daemon.sock`,
    });
    try {
      const other = "takelage_other_xehag-gusem";
      const fake = fakeContext({
        inside: true,
        env: { HOME: home, XDG_STATE_HOME: `${home}/state` },
        respond: listResponder([
          sessionJson({
            identifier: "m",
            name: "xokil-lyzyd-mutagen",
            container: CONTAINER,
            hostPath: "/host/mutagen.sock",
          }),
          sessionJson({
            identifier: "g",
            name: "xehag-gusem-gpg",
            container: other,
            hostPath: "/run/user/1000/gnupg/S.gpg-agent",
          }),
        ]),
      });
      await applyLogin(fake.context, identityFromName(CONTAINER, true));
      const creates = fake.calls.filter((call) => call.args[1] === "create");
      const destinations = Object.fromEntries(creates.map((call) => [
        call.args.find((arg) => arg.startsWith("--name="))!.slice(7),
        call.args.at(-1),
      ]));
      assert.deepEqual(destinations, {
        // From the DOCKER_HOST that the sessions recorded.
        "xokil-lyzyd-docker": "unix:/run/docker.sock",
        "xokil-lyzyd-gpg": "unix:/run/user/1000/gnupg/S.gpg-agent",
        "xokil-lyzyd-ssh": `unix:${home}/.gnupg/S.gpg-agent.ssh`,
      });
    } finally {
      listener.close();
    }
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("planLogin() inside fails without the mutagen socket", async () => {
  const fake = fakeContext({
    inside: true,
    env: { HOME: "/nonexistent-home" },
    respond: listResponder([]),
  });
  await assert.rejects(
    planLogin(fake.context, identityFromName(CONTAINER, true)),
    new RegExp(
      'forwarded socket "/nonexistent-home/.mutagen/daemon/daemon.sock" not found ' +
        `\\(on the host run "tau mutagen socket login --container ${CONTAINER}"\\)`,
    ),
  );
  assert.deepEqual(fake.calls, []);
});

Deno.test("applyLogin() inside finds docker through DOCKER_HOST", async () => {
  const home = await Deno.makeTempDir();
  const daemonDirectory = `${home}/.mutagen/daemon`;
  await Deno.mkdir(daemonDirectory, { recursive: true });
  const listener = Deno.listen({
    transport: "unix",
    path: `${daemonDirectory}/daemon.sock`,
  });
  try {
    const session = sessionJson({
      identifier: "m",
      name: "xokil-lyzyd-mutagen",
      container: CONTAINER,
    });
    (session.source as { environment: Record<string, string> }).environment = {
      DOCKER_HOST: "unix:///run/user/1000/docker.sock",
    };
    const fake = fakeContext({
      inside: true,
      env: { HOME: home, XDG_STATE_HOME: `${home}/state` },
      respond: listResponder([session]),
    });
    await applyLogin(fake.context, identityFromName(CONTAINER, true));
    const docker = fake.calls.find((call) =>
      call.args.includes("--name=xokil-lyzyd-docker")
    );
    assert.equal(docker?.args.at(-1), "unix:/run/user/1000/docker.sock");
  } finally {
    listener.close();
    await Deno.remove(home, { recursive: true });
  }
});
