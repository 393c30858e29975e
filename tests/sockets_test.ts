import assert from "node:assert/strict";

import { NotFoundError, TauError, UsageError } from "../lib/errors.ts";
import { createSocket } from "../lib/socket_create.ts";
import { checkCommand } from "../lib/socket_check.ts";
import { listCommand } from "../lib/socket_list.ts";
import { terminateCommand } from "../lib/socket_terminate.ts";
import { tidyCommand } from "../lib/socket_tidy.ts";
import { identityFromName } from "../lib/identity.ts";
import { dockerSpec, parseGpgconfDirs } from "../lib/standard_sockets.ts";
import {
  fakeContext,
  listResponder,
  sessionJson,
} from "./helpers/fake_context.ts";

const CONTAINER = "takelage_project_xokil-lyzyd";
const OTHER = "takelage_other_xehag-gusem";

const SESSIONS = [
  sessionJson({
    identifier: "f1",
    name: "xokil-lyzyd-gpg",
    container: CONTAINER,
  }),
  sessionJson({
    identifier: "f2",
    name: "xokil-lyzyd-ssh",
    container: CONTAINER,
  }),
  sessionJson({ identifier: "f3", name: "xehag-gusem-gpg", container: OTHER }),
  // Same name as a takelage socket, but not created by tau.
  sessionJson({
    identifier: "f4",
    name: "xokil-lyzyd-gpg",
    container: CONTAINER,
    label: ["type", "something-else"],
  }),
];

Deno.test("listCommand() prints a table of takelage sockets", async () => {
  const fake = fakeContext({ respond: listResponder(SESSIONS) });
  const sockets = await listCommand(fake.context, {});
  assert.deepEqual(sockets.map((socket) => socket.identifier), [
    "f1",
    "f2",
    "f3",
  ]);
  assert.match(
    fake.stdout[0]!,
    /^NAME\s+CONTAINER\s+STATUS\s+CONTAINER PATH\s+HOST PATH$/,
  );
  assert.equal(fake.stdout.length, 4);
  assert.deepEqual(fake.calls[0]!.args, [
    "forward",
    "list",
    "--label-selector=type=takelage-socket",
    "--template={{json .}}",
  ]);
});

Deno.test("listCommand() prints JSON with --json", async () => {
  const fake = fakeContext({ respond: listResponder(SESSIONS) });
  await listCommand(fake.context, { json: true, container: OTHER });
  const printed = JSON.parse(fake.stdout.join("\n"));
  assert.deepEqual(printed.map((socket: { name: string }) => socket.name), [
    "xehag-gusem-gpg",
  ]);
});

Deno.test("listCommand() fails with NotFoundError when empty", async () => {
  const fake = fakeContext({ respond: () => ({ stdout: "null\n" }) });
  await assert.rejects(listCommand(fake.context, {}), NotFoundError);
  assert.deepEqual(fake.stdout, []);
});

Deno.test("checkCommand() finds full and short names", async () => {
  const fake = fakeContext({ respond: listResponder(SESSIONS) });
  assert.equal((await checkCommand(fake.context, "xehag-gusem-gpg")).length, 1);
  assert.equal((await checkCommand(fake.context, "ssh")).length, 1);
  await assert.rejects(checkCommand(fake.context, "docker"), NotFoundError);
});

Deno.test("terminateCommand() selects by identifier, not name", async () => {
  const fake = fakeContext({ respond: listResponder(SESSIONS) });
  await terminateCommand(fake.context, { socket: "gpg" });
  const terminate = fake.calls.find((call) => call.args[1] === "terminate");
  assert.deepEqual(terminate?.args, ["forward", "terminate", "f1"]);
  assert.deepEqual(fake.stdout, ["xokil-lyzyd-gpg"]);
});

Deno.test("terminateCommand() ends one container's sockets", async () => {
  const fake = fakeContext({ respond: listResponder(SESSIONS) });
  await terminateCommand(fake.context, { container: CONTAINER });
  const terminate = fake.calls.find((call) => call.args[1] === "terminate");
  assert.deepEqual(terminate?.args, ["forward", "terminate", "f1", "f2"]);
});

Deno.test("terminateCommand() ends all takelage sockets", async () => {
  const fake = fakeContext({ respond: listResponder(SESSIONS) });
  await terminateCommand(fake.context, { all: true });
  const terminate = fake.calls.find((call) => call.args[1] === "terminate");
  assert.deepEqual(terminate?.args, ["forward", "terminate", "f1", "f2", "f3"]);
});

Deno.test("terminateCommand() fails when nothing matched", async () => {
  const fake = fakeContext({ respond: listResponder(SESSIONS) });
  await assert.rejects(
    terminateCommand(fake.context, { socket: "mutagen" }),
    NotFoundError,
  );
  assert.equal(fake.calls.some((call) => call.args[1] === "terminate"), false);
});

Deno.test("terminateCommand() needs exactly one selection", async () => {
  const fake = fakeContext({ respond: listResponder(SESSIONS) });
  for (const selection of [{}, { socket: "gpg", all: true }]) {
    await assert.rejects(terminateCommand(fake.context, selection), UsageError);
  }
  assert.deepEqual(fake.calls, []);
});

Deno.test("createSocket() passes an argument vector with labels", async () => {
  const fake = fakeContext({ inside: true, respond: listResponder([]) });
  const container = identityFromName(CONTAINER, true);
  await createSocket(fake.context, container, {
    shortName: "gpg",
    containerPath: "~/.gnupg/S.gpg-agent",
    hostPath: "/run/user/1000/gnupg/S.gpg agent $(touch x);",
    user: "tester",
    flags: [],
  });
  const create = fake.calls.find((call) => call.args[1] === "create");
  assert.deepEqual(create?.args, [
    "forward",
    "create",
    "--name=xokil-lyzyd-gpg",
    `--label=hostname=${CONTAINER}`,
    "--label=type=takelage-socket",
    "--socket-overwrite-mode-source=overwrite",
    `docker://tester@${CONTAINER}:unix:~/.gnupg/S.gpg-agent`,
    "unix:/run/user/1000/gnupg/S.gpg agent $(touch x);",
  ]);
  assert.equal(create?.env.MUTAGEN_DISABLE_AUTOSTART, "1");
});

Deno.test("createSocket() makes the docker socket group-writable", async () => {
  const fake = fakeContext({ inside: true, respond: listResponder([]) });
  const container = identityFromName(CONTAINER, true);
  await createSocket(
    fake.context,
    container,
    dockerSpec("/var/run/docker.sock"),
  );
  const create = fake.calls.find((call) => call.args[1] === "create");
  assert.ok(create?.args.includes("--socket-group-source=docker"));
  assert.ok(create?.args.includes("--socket-permission-mode-source=0660"));
  assert.ok(
    create?.args.includes(
      `docker://root@${CONTAINER}:unix:/var/run/docker.sock`,
    ),
  );
});

Deno.test("createSocket() rejects an existing socket", async () => {
  const fake = fakeContext({ inside: true, respond: listResponder(SESSIONS) });
  const container = identityFromName(CONTAINER, true);
  await assert.rejects(
    createSocket(fake.context, container, {
      shortName: "gpg",
      containerPath: "/tmp/in",
      hostPath: "/tmp/out",
      user: "tester",
      flags: [],
    }),
    /Cannot create socket "xokil-lyzyd-gpg": it already exists/,
  );
  assert.equal(fake.calls.some((call) => call.args[1] === "create"), false);
});

const BAD_SPECS: [string, Record<string, string>, RegExp][] = [
  [
    "a name with a semicolon",
    { shortName: "gpg;rm" },
    /Invalid socket name "gpg;rm"/,
  ],
  ["an empty name", { shortName: "" }, /Invalid socket name ""/],
  [
    "a relative container path",
    { containerPath: "in.sock" },
    /Invalid container path "in.sock"/,
  ],
  [
    "a relative host path",
    { hostPath: "out.sock" },
    /Invalid host path "out.sock"/,
  ],
  ["a user with an at sign", { user: "a@b" }, /Invalid user "a@b"/],
];

for (const [what, change, message] of BAD_SPECS) {
  Deno.test(`createSocket() rejects ${what} before mutagen runs`, async () => {
    const fake = fakeContext({ inside: true, respond: listResponder([]) });
    const container = identityFromName(CONTAINER, true);
    await assert.rejects(
      createSocket(fake.context, container, {
        shortName: "gpg",
        containerPath: "/tmp/in",
        hostPath: "/tmp/out",
        user: "tester",
        flags: [],
        ...change,
      }),
      (error: unknown) => {
        assert.ok(error instanceof UsageError);
        assert.match(error.message, message);
        return true;
      },
    );
    assert.deepEqual(fake.calls, []);
  });
}

Deno.test("createSocket() on the host requires the host socket", async () => {
  const fake = fakeContext({ respond: listResponder([]) });
  const container = identityFromName(CONTAINER, false);
  await assert.rejects(
    createSocket(fake.context, container, {
      shortName: "gpg",
      containerPath: "/tmp/in",
      hostPath: "/nonexistent/S.gpg-agent",
      user: "tester",
      flags: [],
    }),
    /host socket "\/nonexistent\/S.gpg-agent" not found/,
  );
  assert.deepEqual(fake.calls, []);
});

Deno.test("tidyCommand() terminates sessions of removed containers", async () => {
  const respond = listResponder(SESSIONS);
  const fake = fakeContext({
    respond: (call) =>
      call.executable === "docker"
        ? { stdout: `${CONTAINER}\nunrelated\n` }
        : respond(call),
  });
  const result = await tidyCommand(fake.context);
  assert.deepEqual(result.sessions.map((socket) => socket.identifier), ["f3"]);
  const terminate = fake.calls.find((call) => call.args[1] === "terminate");
  assert.deepEqual(terminate?.args, ["forward", "terminate", "f3"]);
});

Deno.test("tidyCommand() terminates nothing when docker fails", async () => {
  const respond = listResponder(SESSIONS);
  const fake = fakeContext({
    respond: (call) =>
      call.executable === "docker"
        ? { code: 1, stderr: "Cannot connect to the Docker daemon\n" }
        : respond(call),
  });
  await assert.rejects(
    tidyCommand(fake.context),
    /Cannot list containers with docker: Cannot connect to the Docker daemon/,
  );
  assert.equal(fake.calls.some((call) => call.args[1] === "terminate"), false);
});

Deno.test("mutagen errors become one line with a hint", async () => {
  const fake = fakeContext({
    respond: () => ({
      code: 1,
      stderr: "Error: unable to connect to daemon: connection refused\n",
    }),
  });
  await assert.rejects(listCommand(fake.context, {}), (error: unknown) => {
    assert.ok(error instanceof TauError);
    assert.equal(
      error.message,
      'Cannot list forwarding sessions: mutagen daemon not reachable (start it with "mutagen daemon start")',
    );
    return true;
  });
});

Deno.test("a missing mutagen executable is reported by name", async () => {
  const fake = fakeContext({ config: { cmd_mutagen: "/nonexistent/mutagen" } });
  const context = {
    ...fake.context,
    mutagen: new (await import("../lib/mutagen.ts")).Mutagen({
      executable: "/nonexistent/mutagen",
      insideContainer: false,
      log: fake.context.log,
    }),
  };
  await assert.rejects(
    listCommand(context, {}),
    /Cannot run mutagen: executable "\/nonexistent\/mutagen" not found/,
  );
});

Deno.test("debug logging shows the argument vector and status", async () => {
  const fake = fakeContext({ respond: listResponder(SESSIONS) });
  await listCommand(fake.context, {});
  assert.match(
    fake.logs.join("\n"),
    /debug: ran \["mutagen","forward","list","--label-selector=type=takelage-socket","--template=\{\{json \.\}\}"\] in \d+ ms, exit status 0/,
  );
});

Deno.test("parseGpgconfDirs() reads names, not positions", () => {
  const directories = parseGpgconfDirs([
    "agent-ssh-socket:/run/user/1000/gnupg/S.gpg-agent.ssh",
    "agent-socket:/run/user/1000/gnupg/S.gpg-agent",
    "homedir:/home/me/my%3adir",
  ].join("\n"));
  assert.equal(
    directories.get("agent-socket"),
    "/run/user/1000/gnupg/S.gpg-agent",
  );
  assert.equal(
    directories.get("agent-ssh-socket"),
    "/run/user/1000/gnupg/S.gpg-agent.ssh",
  );
  assert.equal(directories.get("homedir"), "/home/me/my:dir");
});

Deno.test("createSocket() inside copies the host's docker variables", async () => {
  const fake = fakeContext({
    inside: true,
    respond: listResponder([
      sessionJson({
        identifier: "m",
        name: "xokil-lyzyd-mutagen",
        container: CONTAINER,
      }),
    ]),
  });
  const container = identityFromName(CONTAINER, true);
  await createSocket(fake.context, container, {
    shortName: "extra",
    containerPath: "/tmp/in",
    hostPath: "/tmp/out",
    user: "tester",
    flags: [],
  });
  const create = fake.calls.find((call) => call.args[1] === "create");
  assert.equal(
    create?.env.MUTAGEN_SOURCE_DOCKER_HOST,
    "unix:///run/docker.sock",
  );
  // Unset on the host, so blank for the session: the container's own
  // value must not reach the host daemon.
  assert.equal(create?.env.MUTAGEN_SOURCE_DOCKER_CONTEXT, "");
});

Deno.test("createSocket() on the host leaves docker variables alone", async () => {
  const fake = fakeContext({ respond: listResponder([]) });
  const container = identityFromName(CONTAINER, false);
  const socket = await Deno.makeTempDir();
  const listener = Deno.listen({ transport: "unix", path: `${socket}/s.sock` });
  try {
    await createSocket(fake.context, container, {
      shortName: "extra",
      containerPath: "/tmp/in",
      hostPath: `${socket}/s.sock`,
      user: "tester",
      flags: [],
    });
    const create = fake.calls.find((call) => call.args[1] === "create");
    assert.deepEqual(create?.env, {});
  } finally {
    listener.close();
    await Deno.remove(socket, { recursive: true });
  }
});
