import assert from "node:assert/strict";

import { buildProgram } from "../lib/cli.ts";
import { completionScript } from "../lib/completion.ts";
import { Logger } from "../lib/log.ts";
import { REPO } from "./helpers/run_tau.ts";

const program = buildProgram({
  stdout: () => {},
  stderr: () => {},
  log: new Logger({ write: () => {} }),
});

const FILES = { bash: "completions/tau.bash", zsh: "completions/_tau" };

for (
  const [shell, file] of Object.entries(FILES) as ["bash" | "zsh", string][]
) {
  Deno.test(`${file} matches the command tree`, async () => {
    const checkedIn = await Deno.readTextFile(`${REPO}/${file}`);
    assert.equal(
      checkedIn,
      completionScript(program, shell),
      `${file} is stale: run "deno task completions"`,
    );
  });

  Deno.test(`${file} parses in ${shell}`, async () => {
    const result = await new Deno.Command(shell, {
      args: ["-n", `${REPO}/${file}`],
      stderr: "piped",
    }).output();
    assert.equal(result.code, 0, new TextDecoder().decode(result.stderr));
  });
}

Deno.test("completions/tau.bash passes shellcheck", async () => {
  const result = await new Deno.Command("shellcheck", {
    args: ["--shell=bash", `${REPO}/completions/tau.bash`],
    stdout: "piped",
  }).output();
  assert.equal(result.code, 0, new TextDecoder().decode(result.stdout));
});

Deno.test("completions/tau.bash avoids bash-4-only builtins", async () => {
  const script = await Deno.readTextFile(`${REPO}/completions/tau.bash`);
  for (
    const builtin of [
      "mapfile",
      "readarray",
      "compopt",
      "declare -A",
      "${cur,,}",
    ]
  ) {
    assert.equal(script.includes(builtin), false, builtin);
  }
  // bash-completion's helpers are absent on many systems.
  assert.doesNotMatch(script, /_init_completion|_comp_/);
});

Deno.test("completion lists every visible command", () => {
  const script = completionScript(program, "bash");
  for (
    const command of [
      "check",
      "create",
      "docker",
      "list",
      "login",
      "terminate",
      "tidy",
    ]
  ) {
    assert.match(script, new RegExp(`"mutagen socket/${command}"`));
  }
  assert.doesNotMatch(script, /__complete"\)|--worker/);
});
