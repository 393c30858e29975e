/**
 * Builds the single-file program that releases compile: `deno bundle`
 * of main.ts with one change at its top.
 *
 * For npm packages that call require(), the bundler imports node:module
 * at the top of the file, and that import costs Deno about 14 ms on every
 * start (docs/benchmark.md). The login hook never requires anything, so
 * the rewrite creates the require function on its first call instead.
 *
 * Usage: deno run -A scripts/bundle.ts OUTPUT
 */

import { dirname } from "node:path";

const output = Deno.args[0];
if (output === undefined) {
  // deno-lint-ignore no-console
  console.error("usage: deno run -A scripts/bundle.ts OUTPUT");
  Deno.exit(2);
}

const root = new URL("../", import.meta.url).pathname;
const temporary = await Deno.makeTempFile({ suffix: ".js" });
try {
  const built = await new Deno.Command(Deno.execPath(), {
    args: [
      "bundle",
      "--quiet",
      "--minify",
      "--config",
      `${root}deno.json`,
      "-o",
      temporary,
      `${root}main.ts`,
    ],
  }).output();
  if (built.code !== 0) Deno.exit(built.code);

  const source = await Deno.readTextFile(temporary);
  const eager =
    /import\s*\{\s*createRequire as (\w+)\s*\}\s*from\s*"node:module";\s*var (\w+)\s*=\s*\1\(import\.meta\.url\);/;
  const match = eager.exec(source);
  if (match === null) {
    // A bundler change must not silently bring the cost back.
    throw new Error(
      "Cannot find the eager node:module import in the bundle; update scripts/bundle.ts",
    );
  }
  const lazy = `var ${match[2]}=(id)=>(globalThis.__tauRequire??=` +
    `process.getBuiltinModule("node:module").createRequire(import.meta.url))(id);`;
  await Deno.mkdir(dirname(output), { recursive: true });
  await Deno.writeTextFile(output, source.replace(eager, lazy));
} finally {
  await Deno.remove(temporary);
}
