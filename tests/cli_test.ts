import assert from "node:assert/strict";

import { REPO, runTau } from "./helpers/run_tau.ts";

const FAKE_MUTAGEN = `${REPO}/tests/helpers/fake_mutagen.sh`;

/** Environment for a run against the fake mutagen in a throwaway HOME. */
async function fakeEnv(extra: Record<string, string> = {}) {
  const home = await Deno.makeTempDir({ prefix: "tau-cli-" });
  return {
    home,
    env: {
      HOME: home,
      XDG_STATE_HOME: `${home}/state`,
      TAKELAGE_TAU_CONFIG_CMD_MUTAGEN: FAKE_MUTAGEN,
      FAKE_MUTAGEN_LOG: `${home}/mutagen.log`,
      ...extra,
    },
  };
}

async function recordedCalls(home: string): Promise<string[][]> {
  let text = "";
  try {
    text = await Deno.readTextFile(`${home}/mutagen.log`);
  } catch {
    return [];
  }
  return text.split("\n").filter((line) => line !== "")
    .map((line) => line.split("\0").slice(0, -1));
}

function assertNoStack(stderr: string) {
  assert.doesNotMatch(stderr, /\n\s+at |Uncaught|Stack backtrace/);
}

Deno.test("tau --help shows help at every level", async () => {
  for (
    const path of [[], ["mutagen"], ["mutagen", "socket"], [
      "mutagen",
      "socket",
      "create",
    ], ["mutagen", "check", "daemon"]]
  ) {
    const result = await runTau([...path, "--help"]);
    assert.equal(result.code, 0, path.join(" "));
    assert.match(result.stdout, /^Usage: tau/);
  }
});

Deno.test("tau --version prints the version", async () => {
  const result = await runTau(["--version"]);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^tau \d+\.\d+\.\d+\n$/);
});

const USAGE_ERRORS: [string[], RegExp][] = [
  [["mutagen", "socket", "bogus"], /unknown command 'bogus'/],
  [
    ["--log-level", "loud", "mutagen", "socket", "list"],
    /argument 'loud' is invalid/,
  ],
  [["mutagen", "socket", "create", "gpg"], /missing required argument 'IN'/],
  [["mutagen", "socket", "list", "--jsn"], /unknown option '--jsn'/],
  [["completion", "fish"], /value 'fish' is invalid for argument 'shell'/],
  [
    ["mutagen", "socket", "terminate"],
    /give exactly one of SOCKET, --all or --container NAME/,
  ],
  [
    ["mutagen", "socket", "create", "bad;name", "/tmp/in", "/tmp/out"],
    /Invalid socket name "bad;name"/,
  ],
  [
    ["mutagen", "socket", "create", "gpg", "relative/in", "/tmp/out"],
    /Invalid container path "relative\/in"/,
  ],
  [["mutagen"], /Usage: tau mutagen/],
  [
    ["mutagen", "socket", "list", "--container", "bad name!"],
    /Invalid container name "bad name!"/,
  ],
  [
    ["mutagen", "socket", "login", "--container", ""],
    /Invalid container name ""/,
  ],
  [
    ["mutagen", "socket", "create", "gpg", "/tmp/a\nb", "/tmp/out"],
    /must not contain a newline or NUL character/,
  ],
];

for (const [args, message] of USAGE_ERRORS) {
  Deno.test(`tau ${args.join(" ")} exits 2`, async () => {
    const { home, env } = await fakeEnv();
    try {
      const result = await runTau(args, { env });
      assert.equal(result.code, 2);
      assert.match(result.stderr, message);
      assertNoStack(result.stderr);
      assert.deepEqual(await recordedCalls(home), []);
    } finally {
      await Deno.remove(home, { recursive: true });
    }
  });
}

Deno.test("list exits 1 when mutagen selects nothing", async () => {
  const { home, env } = await fakeEnv();
  try {
    const result = await runTau(["mutagen", "socket", "list"], { env });
    assert.equal(result.code, 1);
    assert.equal(result.stdout, "");
    assert.equal(result.stderr, "No takelage sockets found\n");
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("mutagen's own error becomes one line and exit 1", async () => {
  const { home, env } = await fakeEnv({
    FAKE_MUTAGEN_FAIL: "unable to connect to daemon: connection refused",
  });
  try {
    const result = await runTau(["mutagen", "socket", "list"], { env });
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      'error: Cannot list forwarding sessions: mutagen daemon not reachable (start it with "mutagen daemon start")\n',
    );
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("a missing mutagen exits 1 with one line", async () => {
  const { home, env } = await fakeEnv({
    TAKELAGE_TAU_CONFIG_CMD_MUTAGEN: "/nonexistent/mutagen",
  });
  try {
    const result = await runTau(["mutagen", "socket", "check", "gpg"], { env });
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      'error: Cannot run mutagen: executable "/nonexistent/mutagen" not found (install mutagen or set TAKELAGE_TAU_CONFIG_CMD_MUTAGEN)\n',
    );
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("an invalid config file exits 1 naming file and key", async () => {
  const { home, env } = await fakeEnv();
  const project = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      `${project}/takelage.yml`,
      "docker_repo: [1, 2]\n",
    );
    const result = await runTau(
      ["--workdir", project, "mutagen", "socket", "list"],
      { env },
    );
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      `error: Invalid value for "docker_repo" in config file "${project}/takelage.yml": expected a string, got a list\n`,
    );
    assertNoStack(result.stderr);
  } finally {
    await Deno.remove(home, { recursive: true });
    await Deno.remove(project, { recursive: true });
  }
});

Deno.test("paths with shell syntax reach mutagen unchanged", async () => {
  const { home, env } = await fakeEnv({
    TAKELAGE_PROJECT_BASE_DIR: "/project",
    HOSTNAME: "takelage_project_xokil-lyzyd",
    USER: "tester",
  });
  const marker = `${home}/executed`;
  const inside = `/tmp/in dir/it's "quoted"; touch ${marker}`;
  const outside = `/tmp/$(touch ${marker})/\`touch ${marker}\`.sock`;
  try {
    const result = await runTau(
      ["mutagen", "socket", "create", "odd", inside, outside],
      { env },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "xokil-lyzyd-odd\n");
    const create = (await recordedCalls(home)).find((call) =>
      call[1] === "create"
    );
    assert.deepEqual(create?.slice(-2), [
      `docker://tester@takelage_project_xokil-lyzyd:unix:${inside}`,
      `unix:${outside}`,
    ]);
    await assert.rejects(Deno.stat(marker), Deno.errors.NotFound);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("a relative configured path names its key", async () => {
  const { home, env } = await fakeEnv({
    TAKELAGE_TAU_CONFIG_MUTAGEN_SOCKET_PATH_GPG_HOST: "rel/S.gpg-agent",
  });
  const project = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${project}/Rakefile`, "");
    const result = await runTau(["mutagen", "socket", "login"], {
      env,
      cwd: project,
    });
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /Invalid value for "mutagen_socket_path_gpg_host" in environment variable TAKELAGE_TAU_CONFIG_MUTAGEN_SOCKET_PATH_GPG_HOST: "rel\/S.gpg-agent" is not an absolute path/,
    );
    assertNoStack(result.stderr);
  } finally {
    await Deno.remove(home, { recursive: true });
    await Deno.remove(project, { recursive: true });
  }
});
