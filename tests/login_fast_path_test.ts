import assert from "node:assert/strict";

import { parseLoginInvocation } from "../lib/login_fast_path.ts";
import { runTau } from "./helpers/run_tau.ts";

Deno.test("parseLoginInvocation() reads the hook's forms", () => {
  assert.deepEqual(parseLoginInvocation(["mutagen", "socket", "login"]), {
    globals: { logLevel: "info" },
    options: {},
  });
  assert.deepEqual(
    parseLoginInvocation([
      "-l",
      "debug",
      "--workdir",
      "/p",
      "mutagen",
      "socket",
      "login",
      "--once",
      "--container",
      "takelage_p_xokil-lyzyd",
    ]),
    {
      globals: { logLevel: "debug", workdir: "/p" },
      options: { once: true, container: "takelage_p_xokil-lyzyd" },
    },
  );
});

// Everything else goes to the command tree, which owns help and errors.
const OTHERS: string[][] = [
  [],
  ["--help"],
  ["mutagen", "socket", "login", "--help"],
  ["mutagen", "socket", "login", "--bogus"],
  ["mutagen", "socket", "login", "extra"],
  ["mutagen", "socket", "list"],
  ["mutagen", "--once", "socket", "login"],
  ["-l", "loud", "mutagen", "socket", "login"],
  ["mutagen", "socket", "login", "--container"],
  ["mutagen", "socket", "login", "--worker", "/tmp/log"],
];

for (const args of OTHERS) {
  Deno.test(`parseLoginInvocation() leaves ${JSON.stringify(args)} to commander`, () => {
    assert.equal(parseLoginInvocation(args), undefined);
  });
}

Deno.test("login with a bad option still exits 2", async () => {
  const result = await runTau(["mutagen", "socket", "login", "--bogus"]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /unknown option '--bogus'/);
});
