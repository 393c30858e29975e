import assert from "node:assert/strict";
import * as posix from "node:path/posix";

import {
  basename,
  dirname,
  isAbsolute,
  join,
  normalize,
  resolve,
} from "../lib/path.ts";

// node:path's POSIX functions are the reference for every case.
const PATHS = [
  "/",
  "/a",
  "/a/",
  "/a/b",
  "a",
  "a/b/",
  ".",
  "..",
  "../a",
  "/a/../b",
  "/a/./b//c",
  "a/../..",
  "/..",
  "~/.gnupg/S.gpg-agent",
  "/tmp/a b;$(x)/s",
];

Deno.test("path helpers agree with node:path", () => {
  for (const path of PATHS) {
    assert.equal(
      normalize(path),
      posix.normalize(path).replace(/(.)\/$/, "$1"),
      `normalize ${path}`,
    );
    assert.equal(basename(path), posix.basename(path), `basename ${path}`);
    assert.equal(dirname(path), posix.dirname(path), `dirname ${path}`);
    assert.equal(
      isAbsolute(path),
      posix.isAbsolute(path),
      `isAbsolute ${path}`,
    );
    assert.equal(
      resolve("/home/me", path),
      posix.resolve("/home/me", path),
      `resolve ${path}`,
    );
    assert.equal(
      join("/x", path),
      posix.join("/x", path).replace(/(.)\/$/, "$1"),
      `join ${path}`,
    );
  }
});
