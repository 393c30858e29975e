/**
 * Runs install.sh against a fake release served on loopback. The served
 * `tau-<platform>` files are shell scripts that run a fresh bundle of
 * main.ts, so completions and shell-init come from the real CLI. Each test
 * gets a throwaway HOME, and the tests need sh, bash, zsh and shellcheck.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const REPO_DIR = fileURLToPath(new URL("..", import.meta.url));
const INSTALL_SCRIPT = join(REPO_DIR, "install.sh");
const RC_MARKER = "# added by tau install.sh";
const PLATFORMS = ["linux-x64", "linux-arm64", "darwin-x64", "darwin-arm64"];
const SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin";
const DENO_BIN_DIR = Deno.execPath().replace(/\/[^/]+$/, "");

interface Output {
  code: number;
  stdout: string;
  stderr: string;
}

interface Fixture {
  root: string;
  home: string;
  releaseDir: string;
  releaseUrl: string;
  bundle: string;
  /** Environment of install.sh and the shells, replacing the inherited one. */
  env: Record<string, string>;
}

async function run(
  command: string,
  args: string[],
  env: Record<string, string>,
  cwd: string,
): Promise<Output> {
  const output = await new Deno.Command(command, {
    args,
    env,
    cwd,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

function runInstall(
  fixture: Fixture,
  args: string[],
  env: Record<string, string> = {},
): Promise<Output> {
  return run(
    "sh",
    [INSTALL_SCRIPT, ...args],
    { ...fixture.env, ...env },
    fixture.root,
  );
}

/** Runs the bundled CLI directly, as the expected output for comparisons. */
async function runTau(fixture: Fixture, args: string[]): Promise<string> {
  const output = await run(
    Deno.execPath(),
    ["run", "-A", fixture.bundle, ...args],
    fixture.env,
    fixture.root,
  );
  assert.equal(
    output.code,
    0,
    `tau ${args.join(" ")} failed: ${output.stderr}`,
  );
  return output.stdout;
}

let bundlePromise: Promise<string> | undefined;

/** Bundles main.ts once per test run into a directory removed on exit. */
function bundleTau(): Promise<string> {
  bundlePromise ??= (async () => {
    const dir = await Deno.makeTempDir({ prefix: "tau_install_bundle_" });
    globalThis.addEventListener("unload", () => {
      Deno.removeSync(dir, { recursive: true });
    });
    const bundle = join(dir, "tau.js");
    const output = await run(
      Deno.execPath(),
      ["run", "-A", join(REPO_DIR, "scripts", "bundle.ts"), bundle],
      Deno.env.toObject(),
      REPO_DIR,
    );
    assert.equal(output.code, 0, `deno bundle failed: ${output.stderr}`);
    return bundle;
  })();
  return bundlePromise;
}

/** Returns a `tau` release binary: a script that runs the bundle. */
function fakeBinary(bundle: string, build = 1): string {
  for (const path of [Deno.execPath(), bundle]) {
    assert.ok(!path.includes("'"), `path contains a single quote: ${path}`);
  }
  return `#!/bin/sh\n# build ${build}\n` +
    `exec '${Deno.execPath()}' run -A '${bundle}' "$@"\n`;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(text),
  );
  return Array.from(new Uint8Array(digest))
    .map((byte) => byte.toString(16).padStart(2, "0"))
    .join("");
}

/**
 * Writes `tau-<platform>` with content `binary` and its `.sha256` file for
 * every platform. The checksum is that of `checksummed`, which defaults to
 * `binary`.
 */
async function publish(
  fixture: Fixture,
  binary: string,
  checksummed = binary,
): Promise<void> {
  const hex = await sha256Hex(checksummed);
  for (const platform of PLATFORMS) {
    const asset = `tau-${platform}`;
    await Deno.writeTextFile(join(fixture.releaseDir, asset), binary);
    await Deno.writeTextFile(
      join(fixture.releaseDir, `${asset}.sha256`),
      `${hex}  ${asset}\n`,
    );
  }
}

async function serveRelease(
  releaseDir: string,
  request: Request,
): Promise<Response> {
  const name = new URL(request.url).pathname.slice(1);
  if (!/^[\w.-]+$/.test(name)) {
    return new Response("not found\n", { status: 404 });
  }
  try {
    return new Response(await Deno.readFile(join(releaseDir, name)));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      return new Response("not found\n", { status: 404 });
    }
    throw error;
  }
}

/** Runs `test` with a fresh HOME and a release server, then removes both. */
async function withFixture(
  test: (fixture: Fixture) => Promise<void>,
): Promise<void> {
  const bundle = await bundleTau();
  const root = await Deno.makeTempDir({ prefix: "tau_install_test_" });
  const home = join(root, "home");
  const releaseDir = join(root, "release");
  await Deno.mkdir(home);
  await Deno.mkdir(releaseDir);

  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    (request) => serveRelease(releaseDir, request),
  );
  const releaseUrl = `http://127.0.0.1:${server.addr.port}`;

  try {
    await test({
      root,
      home,
      releaseDir,
      releaseUrl,
      bundle,
      env: {
        HOME: home,
        PATH: `${DENO_BIN_DIR}:${SYSTEM_PATH}`,
        TAU_RELEASE_URL: releaseUrl,
        DENO_NO_UPDATE_CHECK: "1",
      },
    });
  } finally {
    await server.shutdown();
    await Deno.remove(root, { recursive: true });
  }
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

function countMarkers(text: string | undefined): number {
  return (text ?? "").split("\n").filter((line) => line === RC_MARKER).length;
}

function binaryPath(fixture: Fixture): string {
  return join(fixture.home, ".local", "bin", "tau");
}

function completionPaths(dataDir: string): { bash: string; zsh: string } {
  return {
    bash: join(dataDir, "bash-completion", "completions", "tau"),
    zsh: join(dataDir, "zsh", "site-functions", "_tau"),
  };
}

/** Lists the entries of bin dir `dir` other than `tau`: files install.sh left. */
async function leftoverFiles(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.name !== "tau") names.push(entry.name);
  }
  return names;
}

/**
 * Runs `script` in an interactive `shell`, which reads its rc file, with a
 * PATH lacking the install dir, and returns the last `lineCount` lines of
 * its output. Earlier lines may come from the system's rc files.
 */
async function runInFreshShell(
  fixture: Fixture,
  shell: "bash" | "zsh",
  script: string,
  lineCount: number,
  env: Record<string, string> = {},
): Promise<string[]> {
  const output = await run(
    shell,
    ["-ic", script],
    {
      HOME: fixture.home,
      PATH: SYSTEM_PATH,
      DENO_NO_UPDATE_CHECK: "1",
      ...env,
    },
    fixture.root,
  );
  assert.equal(output.code, 0, `${shell} -ic failed: ${output.stderr}`);
  return output.stdout.trimEnd().split("\n").slice(-lineCount);
}

async function assertCommandExists(command: string): Promise<void> {
  const output = await run(
    "sh",
    ["-c", 'command -v "$1"', "sh", command],
    { PATH: SYSTEM_PATH },
    "/",
  );
  assert.equal(
    output.code,
    0,
    `${command} not found on ${SYSTEM_PATH}; install it`,
  );
}

Deno.test("install.sh installs binary and completions", async () => {
  await assertCommandExists("bash");
  await assertCommandExists("zsh");
  await withFixture(async (fixture) => {
    const binary = fakeBinary(fixture.bundle);
    await publish(fixture, binary);

    const result = await runInstall(fixture, []);

    assert.equal(result.code, 0, result.stderr);
    const installed = binaryPath(fixture);
    assert.equal(await Deno.readTextFile(installed), binary);
    assert.equal((await Deno.stat(installed)).mode! & 0o777, 0o755);
    assert.deepEqual(
      await leftoverFiles(join(fixture.home, ".local", "bin")),
      [],
    );

    const version = (await runTau(fixture, ["--version"])).trim();
    assert.match(version, /^tau \S+$/);
    assert.ok(
      result.stderr.includes(`installed ${version} as ${installed}`),
      result.stderr,
    );

    const completions = completionPaths(join(fixture.home, ".local", "share"));
    for (const shell of ["bash", "zsh"] as const) {
      const expected = await runTau(fixture, ["completion", shell]);
      assert.notEqual(expected, "");
      assert.equal(await Deno.readTextFile(completions[shell]), expected);
    }

    const bashrc = await readOptional(join(fixture.home, ".bashrc"));
    const zshrc = await readOptional(join(fixture.home, ".zshrc"));
    assert.equal(countMarkers(bashrc), 1);
    assert.equal(countMarkers(zshrc), 1);
    assert.ok(bashrc!.includes(`"${installed}" shell-init bash`), bashrc);
    assert.ok(zshrc!.includes(`"${installed}" shell-init zsh`), zshrc);

    // A new shell finds tau on PATH, and the rc block's shell-init
    // registered the completion function.
    const findTau = "command -v tau && tau --version";
    assert.deepEqual(await runInFreshShell(fixture, "bash", findTau, 2), [
      installed,
      version,
    ]);
    assert.deepEqual(await runInFreshShell(fixture, "zsh", findTau, 2), [
      installed,
      version,
    ]);
    const [bashSpec] = await runInFreshShell(
      fixture,
      "bash",
      "complete -p tau",
      1,
    );
    assert.match(bashSpec!, / -F _tau tau$/);
    const [zshSpec] = await runInFreshShell(
      fixture,
      "zsh",
      'print -r -- "${_comps[tau]}"',
      1,
    );
    assert.equal(zshSpec, "_tau");
  });
});

Deno.test("install.sh run twice keeps one rc block", async () => {
  await withFixture(async (fixture) => {
    await publish(fixture, fakeBinary(fixture.bundle));
    const bashrcPath = join(fixture.home, ".bashrc");
    const zshrcPath = join(fixture.home, ".zshrc");
    await Deno.writeTextFile(bashrcPath, "export EDITOR=vi\n");

    const first = await runInstall(fixture, []);
    assert.equal(first.code, 0, first.stderr);
    // The second run must not move the block below this line.
    await Deno.writeTextFile(bashrcPath, "export AFTER=1\n", { append: true });
    const bashrcAfterFirst = await Deno.readTextFile(bashrcPath);
    const zshrcAfterFirst = await Deno.readTextFile(zshrcPath);

    const second = await runInstall(fixture, []);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(await Deno.readTextFile(bashrcPath), bashrcAfterFirst);
    assert.equal(await Deno.readTextFile(zshrcPath), zshrcAfterFirst);
    assert.equal(countMarkers(bashrcAfterFirst), 1);
    assert.ok(bashrcAfterFirst.startsWith("export EDITOR=vi\n"));

    // Another prefix replaces the block instead of adding a second one.
    const otherPrefix = join(fixture.root, "opt");
    const third = await runInstall(fixture, ["--prefix", otherPrefix]);
    assert.equal(third.code, 0, third.stderr);
    const bashrc = await Deno.readTextFile(bashrcPath);
    assert.equal(countMarkers(bashrc), 1);
    assert.ok(
      bashrc.includes(`"${otherPrefix}/bin/tau" shell-init bash`),
      bashrc,
    );
    assert.ok(!bashrc.includes(binaryPath(fixture)), bashrc);
  });
});

Deno.test("install.sh honours ZDOTDIR and XDG_DATA_HOME", async () => {
  await withFixture(async (fixture) => {
    await publish(fixture, fakeBinary(fixture.bundle));
    const zdotdir = join(fixture.root, "zdotdir");
    const dataHome = join(fixture.root, "data");
    const env = { ZDOTDIR: zdotdir, XDG_DATA_HOME: dataHome };

    const result = await runInstall(fixture, [], env);

    assert.equal(result.code, 0, result.stderr);
    const zshrc = await readOptional(join(zdotdir, ".zshrc"));
    assert.equal(countMarkers(zshrc), 1);
    assert.equal(await readOptional(join(fixture.home, ".zshrc")), undefined);
    const completions = completionPaths(dataHome);
    assert.ok((await Deno.stat(completions.bash)).isFile);
    assert.ok((await Deno.stat(completions.zsh)).isFile);

    const version = (await runTau(fixture, ["--version"])).trim();
    assert.deepEqual(
      await runInFreshShell(
        fixture,
        "zsh",
        "command -v tau && tau --version",
        2,
        env,
      ),
      [binaryPath(fixture), version],
    );
  });
});

Deno.test("install.sh rejects checksum mismatch", async () => {
  await withFixture(async (fixture) => {
    const firstBinary = fakeBinary(fixture.bundle, 1);
    await publish(fixture, firstBinary);
    const first = await runInstall(fixture, []);
    assert.equal(first.code, 0, first.stderr);

    // Serve a new binary with the checksum of the old one.
    await publish(fixture, fakeBinary(fixture.bundle, 2), firstBinary);
    const result = await runInstall(fixture, []);

    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /checksum mismatch for tau-[\w-]+: expected [0-9a-f]{64}, got [0-9a-f]{64}/,
    );
    assert.equal(await Deno.readTextFile(binaryPath(fixture)), firstBinary);
    assert.deepEqual(
      await leftoverFiles(join(fixture.home, ".local", "bin")),
      [],
    );
  });
});

Deno.test("install.sh reports failed download", async () => {
  const cases = [
    { missing: "tau-linux-x64", published: [] as string[] },
    { missing: "tau-linux-x64.sha256", published: ["tau-linux-x64"] },
  ];
  for (const { missing, published } of cases) {
    await withFixture(async (fixture) => {
      for (const name of published) {
        await Deno.writeTextFile(
          join(fixture.releaseDir, name),
          fakeBinary(fixture.bundle),
        );
      }

      const result = await runInstall(fixture, [], {
        TAU_INSTALL_PLATFORM: "linux-x64",
      });

      assert.equal(result.code, 1, `missing ${missing}`);
      assert.ok(
        result.stderr.includes(
          `error: failed to download ${fixture.releaseUrl}/${missing}`,
        ),
        result.stderr,
      );
      assert.equal(await readOptional(binaryPath(fixture)), undefined);
    });
  }
});

Deno.test("install.sh rejects unsupported platform", async () => {
  const cases = [
    {
      env: { TAU_INSTALL_PLATFORM: "plan9-mips" },
      unameLines: [],
      expected: "unsupported platform 'plan9-mips' in TAU_INSTALL_PLATFORM",
    },
    {
      env: {},
      unameLines: ["-s) echo FreeBSD ;;", "-m) echo amd64 ;;"],
      expected: "unsupported platform: FreeBSD amd64",
    },
  ];
  for (const { env, unameLines, expected } of cases) {
    await withFixture(async (fixture) => {
      await publish(fixture, fakeBinary(fixture.bundle));
      const fakeBin = join(fixture.root, "fakebin");
      await Deno.mkdir(fakeBin);
      if (unameLines.length > 0) {
        await Deno.writeTextFile(
          join(fakeBin, "uname"),
          `#!/bin/sh\ncase "$1" in\n${unameLines.join("\n")}\nesac\n`,
          { mode: 0o755 },
        );
      }

      const result = await runInstall(fixture, [], {
        ...env,
        PATH: `${fakeBin}:${fixture.env.PATH}`,
      });

      assert.equal(result.code, 1, expected);
      assert.ok(result.stderr.includes(`error: ${expected}`), result.stderr);
      assert.equal(await readOptional(binaryPath(fixture)), undefined);
    });
  }
});

Deno.test("install.sh --uninstall removes everything", async () => {
  await withFixture(async (fixture) => {
    await publish(fixture, fakeBinary(fixture.bundle));
    const bashrcPath = join(fixture.home, ".bashrc");
    const zshrcPath = join(fixture.home, ".zshrc");
    const bashrcBefore = "alias ll='ls -l'\n# comment: ünïcode\n\nexport A=1\n";
    const zshrcBefore = "setopt autocd\n";
    await Deno.writeTextFile(bashrcPath, bashrcBefore);
    await Deno.writeTextFile(zshrcPath, zshrcBefore);
    const installed = await runInstall(fixture, []);
    assert.equal(installed.code, 0, installed.stderr);
    // A line the user adds after the block must survive.
    await Deno.writeTextFile(bashrcPath, "export AFTER=1\n", { append: true });

    const result = await runInstall(fixture, ["--uninstall"]);

    assert.equal(result.code, 0, result.stderr);
    assert.equal(await readOptional(binaryPath(fixture)), undefined);
    const completions = completionPaths(join(fixture.home, ".local", "share"));
    assert.equal(await readOptional(completions.bash), undefined);
    assert.equal(await readOptional(completions.zsh), undefined);
    assert.equal(
      await Deno.readTextFile(bashrcPath),
      bashrcBefore + "export AFTER=1\n",
    );
    assert.equal(await Deno.readTextFile(zshrcPath), zshrcBefore);

    const again = await runInstall(fixture, ["--uninstall"]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(await Deno.readTextFile(zshrcPath), zshrcBefore);
  });
});

Deno.test("install.sh --no-modify-rc with relative prefix", async () => {
  await withFixture(async (fixture) => {
    const binary = fakeBinary(fixture.bundle);
    await publish(fixture, binary);

    const result = await runInstall(fixture, [
      "--prefix",
      "opt",
      "--no-modify-rc",
    ]);

    assert.equal(result.code, 0, result.stderr);
    const installed = join(fixture.root, "opt", "bin", "tau");
    assert.equal(await Deno.readTextFile(installed), binary);
    assert.equal(await readOptional(join(fixture.home, ".bashrc")), undefined);
    assert.equal(await readOptional(join(fixture.home, ".zshrc")), undefined);
    // The printed block uses the absolute bin dir.
    assert.ok(
      result.stderr.includes(`"${installed}" shell-init bash`),
      result.stderr,
    );
  });
});

Deno.test("install.sh checks requested version", async () => {
  await withFixture(async (fixture) => {
    await publish(fixture, fakeBinary(fixture.bundle));

    const result = await runInstall(fixture, ["--version", "v999.0.0"]);

    assert.equal(result.code, 1);
    assert.match(result.stderr, /error: release v999\.0\.0 contains tau \S+/);
    assert.equal(await readOptional(binaryPath(fixture)), undefined);
  });
});

Deno.test("install.sh rejects unknown option", async () => {
  await withFixture(async (fixture) => {
    const result = await runInstall(fixture, ["--frobnicate"]);

    assert.equal(result.code, 2);
    assert.ok(
      result.stderr.includes("error: unknown option '--frobnicate'"),
      result.stderr,
    );
  });
});

Deno.test("install.sh passes shellcheck", async () => {
  await assertCommandExists("shellcheck");

  const result = await run(
    "shellcheck",
    ["-s", "sh", INSTALL_SCRIPT],
    { PATH: SYSTEM_PATH },
    REPO_DIR,
  );

  assert.equal(result.code, 0, result.stdout + result.stderr);
});
