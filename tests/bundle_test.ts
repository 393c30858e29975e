/**
 * The release binary is `deno compile` of main.ts, which needs a runtime
 * download that these machines cannot make. These tests prove the same
 * properties on the bundle: one file that runs offline from an empty
 * directory, with completions and hook code inside it.
 */

import assert from "node:assert/strict";

import { REPO, runCommand } from "./helpers/run_tau.ts";

async function withBundle(
  body: (bundle: string, dir: string) => Promise<void>,
) {
  const dir = await Deno.makeTempDir({ prefix: "tau-bundle-" });
  try {
    const bundle = `${dir}/tau.js`;
    const built = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", `${REPO}/scripts/bundle.ts`, bundle],
      cwd: REPO,
      stderr: "piped",
    }).output();
    assert.equal(built.code, 0, new TextDecoder().decode(built.stderr));
    await body(bundle, dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Runs the bundle with no config, no npm, no remote modules, no cache. */
function runBundle(bundle: string, dir: string, args: string[]) {
  return runCommand(Deno.execPath(), [
    "run",
    "-A",
    "--no-config",
    "--no-npm",
    "--no-remote",
    bundle,
    ...args,
  ], {
    cwd: dir,
    env: { DENO_DIR: `${dir}/empty-deno-dir`, HOME: dir, NO_COLOR: "1" },
  });
}

Deno.test("bundle runs offline from an empty directory", async () => {
  await withBundle(async (bundle, dir) => {
    const version = await runBundle(bundle, dir, ["--version"]);
    assert.equal(version.code, 0, version.stderr);
    assert.match(version.stdout, /^tau \d+\.\d+\.\d+\n$/);

    for (
      const [shell, file] of [["bash", "completions/tau.bash"], [
        "zsh",
        "completions/_tau",
      ]]
    ) {
      const result = await runBundle(bundle, dir, ["completion", shell!]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, await Deno.readTextFile(`${REPO}/${file}`));
    }

    const hook = await runBundle(bundle, dir, ["shell-init", "bash"]);
    assert.equal(hook.code, 0, hook.stderr);
    assert.match(hook.stdout, /_tau\(\) \{/);
    assert.match(hook.stdout, /tau mutagen socket login --once/);
  });
});

Deno.test("bundle loads node:module only when a package requires it", async () => {
  await withBundle(async (bundle) => {
    const source = await Deno.readTextFile(bundle);
    assert.doesNotMatch(source, /from\s*"node:module"/);
    assert.doesNotMatch(source, /from\s*"node:path"/);
  });
});

Deno.test("bundle reads YAML config without npm access", async () => {
  await withBundle(async (bundle, dir) => {
    await Deno.writeTextFile(`${dir}/takelage.yml`, "docker_repo: [broken\n");
    const result = await runBundle(bundle, dir, [
      "--workdir",
      dir,
      "mutagen",
      "socket",
      "list",
    ]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /invalid YAML/);
  });
});
