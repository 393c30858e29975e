import assert from "node:assert/strict";

import { TauError } from "../lib/errors.ts";
import { parseSessions, socketPath } from "../lib/session.ts";
import { toSocket } from "../lib/sockets.ts";
import { sessionJson } from "./helpers/fake_context.ts";

Deno.test("parseSessions() reads mutagen's JSON", () => {
  const json = JSON.stringify([sessionJson({
    identifier: "forward_abc",
    name: "xokil-lyzyd-gpg",
    container: "takelage_project_xokil-lyzyd",
    containerPath: "~/.gnupg/S.gpg-agent",
    hostPath: "/run/user/1000/gnupg/S.gpg-agent",
  })]);
  const [session] = parseSessions(json);
  assert.ok(session);
  assert.deepEqual(toSocket(session), {
    identifier: "forward_abc",
    name: "xokil-lyzyd-gpg",
    container: "takelage_project_xokil-lyzyd",
    status: "forwarding",
    containerPath: "~/.gnupg/S.gpg-agent",
    hostPath: "/run/user/1000/gnupg/S.gpg-agent",
    creationTime: "2026-12-04T10:00:00Z",
    lastError: "",
    dockerEnvironment: { DOCKER_HOST: "unix:///run/docker.sock" },
  });
});

Deno.test("parseSessions() treats null and empty output as no sessions", () => {
  assert.deepEqual(parseSessions("null\n"), []);
  assert.deepEqual(parseSessions(""), []);
  assert.deepEqual(parseSessions("[]"), []);
});

Deno.test("parseSessions() tolerates sessions without name or labels", () => {
  const session = sessionJson({
    identifier: "forward_x",
    name: "",
    container: "c",
  });
  delete session.name;
  delete session.labels;
  const [parsed] = parseSessions(JSON.stringify([session]));
  assert.equal(parsed?.name, "");
  assert.deepEqual(parsed?.labels, {});
});

Deno.test("toSocket() reports a paused session as paused", () => {
  const session = sessionJson({ identifier: "f", name: "n", container: "c" });
  session.paused = true;
  const [parsed] = parseSessions(JSON.stringify([session]));
  assert.equal(toSocket(parsed!).status, "paused");
});

const MALFORMED: [string, string][] = [
  ["human text", "No forwarding sessions found"],
  ["an object", '{"identifier": "x"}'],
  ["a session without identifier", '[{"status": "forwarding"}]'],
  [
    "a label that is not text",
    JSON.stringify([{
      ...sessionJson({ identifier: "f", name: "n", container: "c" }),
      labels: { hostname: 1 },
    }]),
  ],
  [
    "an endpoint that is not an object",
    JSON.stringify([{
      ...sessionJson({ identifier: "f", name: "n", container: "c" }),
      source: "docker://x",
    }]),
  ],
];

for (const [what, text] of MALFORMED) {
  Deno.test(`parseSessions() rejects ${what}`, () => {
    assert.throws(() => parseSessions(text), (error: unknown) => {
      assert.ok(error instanceof TauError);
      assert.match(
        error.message,
        /^Cannot parse the session list from mutagen: /,
      );
      return true;
    });
  });
}

Deno.test("socketPath() strips the unix prefix", () => {
  assert.equal(
    socketPath({
      protocol: "local",
      user: "",
      host: "",
      endpoint: "unix:/a b/c",
      environment: {},
      connected: true,
    }),
    "/a b/c",
  );
});
