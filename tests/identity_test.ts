import assert from "node:assert/strict";

import { UsageError } from "../lib/errors.ts";
import {
  containerNameFor,
  currentContainer,
  ensureContainerName,
  identityFromName,
  labelValueFor,
  resolveWorkdir,
  sessionNameFor,
} from "../lib/identity.ts";
import { isValidLabelValue } from "../lib/names.ts";

// Expected digests were computed with an independent Python implementation
// of Bubble Babble over hashlib's SHA-256.
const CONTAINERS: [string, string, string][] = [
  ["takelage", "/home/me/project", "takelage_project_xokil-lyzyd"],
  ["takelage", "/srv/takelage-doc", "takelage_takelage-doc_xehag-gusem"],
  ["myrepo", "/home/me/project", "myrepo_project_xupob-mimid"],
];

for (const [repo, workdir, expected] of CONTAINERS) {
  Deno.test(`containerNameFor() names ${repo} ${workdir}`, async () => {
    assert.equal(await containerNameFor(repo, workdir), expected);
  });
}

Deno.test("containerNameFor() rejects a relative directory", async () => {
  await assert.rejects(containerNameFor("takelage", "project"), TypeError);
});

function input(
  env: Record<string, string>,
  options: { cwd?: string; workdir?: string; files?: string[] } = {},
) {
  return {
    workdir: options.workdir,
    env: (name: string) => env[name],
    cwd: options.cwd ?? "/home/me/project/src/deep",
    hostname: () => "kernel-hostname",
    dockerRepo: "takelage",
    exists: (path: string) => (options.files ?? []).includes(path),
  };
}

Deno.test("resolveWorkdir() prefers --workdir", () => {
  const result = resolveWorkdir(
    input({ TAKELAGE_WORKDIR: "/elsewhere" }, { workdir: "../x" }),
  );
  assert.equal(result, "/home/me/project/src/x");
});

Deno.test("resolveWorkdir() uses TAKELAGE_WORKDIR next", () => {
  assert.equal(
    resolveWorkdir(input({ TAKELAGE_WORKDIR: "/elsewhere" })),
    "/elsewhere",
  );
});

Deno.test("resolveWorkdir() finds the nearest Rakefile", () => {
  const result = resolveWorkdir(
    input({}, { files: ["/home/me/project/Rakefile", "/home/Rakefile"] }),
  );
  assert.equal(result, "/home/me/project");
});

Deno.test("resolveWorkdir() falls back to the current directory", () => {
  assert.equal(resolveWorkdir(input({})), "/home/me/project/src/deep");
});

Deno.test("currentContainer() uses HOSTNAME inside a container", async () => {
  const identity = await currentContainer(input({
    TAKELAGE_PROJECT_BASE_DIR: "/project",
    HOSTNAME: "takelage_project_xokil-lyzyd",
  }));
  assert.deepEqual(identity, {
    name: "takelage_project_xokil-lyzyd",
    digest: "xokil-lyzyd",
    label: "takelage_project_xokil-lyzyd",
    inside: true,
  });
});

Deno.test("currentContainer() falls back to the kernel hostname", async () => {
  const identity = await currentContainer(
    input({ TAKELAGE_PROJECT_BASE_DIR: "/project" }),
  );
  assert.equal(identity.name, "kernel-hostname");
});

Deno.test("currentContainer() computes the name on the host", async () => {
  const identity = await currentContainer(
    input({}, { cwd: "/home/me/project" }),
  );
  assert.equal(identity.name, "takelage_project_xokil-lyzyd");
  assert.equal(identity.inside, false);
});

Deno.test("sessionNameFor() joins digest and short name", () => {
  const identity = identityFromName("takelage_project_xokil-lyzyd", false);
  assert.equal(sessionNameFor(identity, "gpg"), "xokil-lyzyd-gpg");
});

Deno.test("labelValueFor() keeps a valid name unchanged", () => {
  assert.equal(
    labelValueFor("takelage_project_xokil-lyzyd"),
    "takelage_project_xokil-lyzyd",
  );
});

Deno.test("labelValueFor() shortens a long name and keeps the digest", () => {
  const name = `takelage_${
    "a-very-long-project-directory-".repeat(3)
  }_xokil-lyzyd`;
  const label = labelValueFor(name);
  assert.equal(label.length <= 63, true);
  assert.equal(label.endsWith("_xokil-lyzyd"), true);
  assert.equal(label.startsWith("takelage_a-very-long"), true);
  assert.equal(isValidLabelValue(label), true);
});

Deno.test("labelValueFor() replaces invalid characters", () => {
  const label = labelValueFor("takelage_my project+x_xokil-lyzyd");
  assert.equal(label, "takelage_my-project-x_xokil-lyzyd");
});

Deno.test("labelValueFor() gives distinct values for distinct digests", () => {
  const stem = "takelage_" + "p".repeat(80);
  assert.notEqual(
    labelValueFor(`${stem}_xokil-lyzyd`),
    labelValueFor(`${stem}_xehag-gusem`),
  );
});

Deno.test("labelValueFor() trims to letters and digits at both ends", () => {
  assert.equal(labelValueFor("foo-"), "foo");
  assert.equal(labelValueFor("bad name!"), "bad-name");
  assert.equal(
    isValidLabelValue(labelValueFor("-x_" + "y".repeat(70) + "-")),
    true,
  );
});

Deno.test("ensureContainerName() rejects names docker rejects", () => {
  for (const name of ["", "-x", "a b", "a/b", "ä"]) {
    assert.throws(
      () => ensureContainerName(name, "container name"),
      UsageError,
      name,
    );
  }
  assert.equal(
    ensureContainerName("takelage_p_xokil-lyzyd", "container"),
    "takelage_p_xokil-lyzyd",
  );
});
