import assert from "node:assert/strict";

import { Logger } from "../lib/log.ts";
import { reportBackgroundErrors } from "../lib/state.ts";

async function withLogs(
  body: (directory: string, warnings: string[], log: Logger) => Promise<void>,
) {
  const directory = await Deno.makeTempDir();
  const warnings: string[] = [];
  const log = new Logger({
    write: (line) => warnings.push(line),
    color: false,
  });
  try {
    await body(directory, warnings, log);
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
}

async function age(path: string, seconds: number) {
  const then = new Date(Date.now() - seconds * 1000);
  await Deno.utime(path, then, then);
}

Deno.test("reportBackgroundErrors() reports an old log once", async () => {
  await withLogs(async (directory, warnings, log) => {
    const path = `${directory}/login-errors-a.log`;
    await Deno.writeTextFile(
      path,
      'Cannot create socket "x-gpg": failed\nmore\n',
    );
    await age(path, 10);

    await reportBackgroundErrors(directory, log, 3);
    await reportBackgroundErrors(directory, log, 3);
    assert.deepEqual(warnings, [
      'warning: a background socket login failed: Cannot create socket "x-gpg": failed',
    ]);
    await assert.rejects(Deno.stat(path), Deno.errors.NotFound);
  });
});

Deno.test("reportBackgroundErrors() leaves a log its login may still read", async () => {
  await withLogs(async (directory, warnings, log) => {
    const path = `${directory}/login-errors-b.log`;
    await Deno.writeTextFile(path, "Cannot create socket\n");
    await reportBackgroundErrors(directory, log, 3);
    assert.deepEqual(warnings, []);
    assert.equal((await Deno.stat(path)).isFile, true);
  });
});

Deno.test("reportBackgroundErrors() leaves a running worker's empty log", async () => {
  await withLogs(async (directory, warnings, log) => {
    const running = `${directory}/login-errors-c.log`;
    const abandoned = `${directory}/login-errors-d.log`;
    await Deno.writeTextFile(running, "");
    await Deno.writeTextFile(abandoned, "");
    await age(running, 10);
    await age(abandoned, 2 * 24 * 60 * 60);

    await reportBackgroundErrors(directory, log, 3);
    assert.deepEqual(warnings, []);
    assert.equal((await Deno.stat(running)).isFile, true);
    await assert.rejects(Deno.stat(abandoned), Deno.errors.NotFound);
  });
});
