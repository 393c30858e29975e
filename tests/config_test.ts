import assert from "node:assert/strict";

import { DEFAULTS, isDefault, loadConfig } from "../lib/config.ts";
import { TauError } from "../lib/errors.ts";

function load(files: Record<string, string>, env: Record<string, string> = {}) {
  return loadConfig({
    home: "/home/me",
    workdir: "/home/me/project",
    env: (name) => env[name],
    readFile: (path) => Promise.resolve(files[path]),
  });
}

Deno.test("loadConfig() returns the defaults without files", async () => {
  const config = await load({});
  assert.deepEqual(config.values, DEFAULTS);
  assert.equal(isDefault(config, "docker_repo"), true);
});

Deno.test("loadConfig() layers home, project and environment", async () => {
  const config = await load({
    "/home/me/.takelage.yml": [
      "docker_repo: fromhome",
      "cmd_mutagen: /opt/mutagen",
      "mutagen_socket_path_gpg_host: /home/gpg",
    ].join("\n"),
    "/home/me/project/takelage.yml": [
      "docker_repo: fromproject",
      "mutagen_socket_path_gpg_host: /project/gpg",
    ].join("\n"),
  }, { TAKELAGE_TAU_CONFIG_MUTAGEN_SOCKET_PATH_GPG_HOST: "/env/gpg" });

  assert.equal(config.values.cmd_mutagen, "/opt/mutagen");
  assert.equal(config.sources.cmd_mutagen, "/home/me/.takelage.yml");
  assert.equal(config.values.docker_repo, "fromproject");
  assert.equal(config.sources.docker_repo, "/home/me/project/takelage.yml");
  assert.equal(config.values.mutagen_socket_path_gpg_host, "/env/gpg");
  assert.equal(
    config.sources.mutagen_socket_path_gpg_host,
    "TAKELAGE_TAU_CONFIG_MUTAGEN_SOCKET_PATH_GPG_HOST",
  );
});

Deno.test("loadConfig() ignores keys of other takelage tools", async () => {
  const config = await load({
    "/home/me/.takelage.yml": "docker_tag: latest\ngit_ssh_key: x\n",
  });
  assert.deepEqual(config.values, DEFAULTS);
});

Deno.test("loadConfig() accepts an empty file", async () => {
  const config = await load({ "/home/me/project/takelage.yml": "" });
  assert.deepEqual(config.values, DEFAULTS);
});

Deno.test("loadConfig() reads a number from the environment", async () => {
  const config = await load({}, {
    TAKELAGE_TAU_CONFIG_MUTAGEN_SOCKET_LOGIN_TIMEOUT: "0.5",
  });
  assert.equal(config.values.mutagen_socket_login_timeout, 0.5);
});

const BAD_CONFIGS: [
  string,
  Record<string, string>,
  Record<string, string>,
  string,
][] = [
  [
    "invalid YAML",
    { "/home/me/project/takelage.yml": "docker_repo: [unclosed\n" },
    {},
    'Cannot read config file "/home/me/project/takelage.yml": invalid YAML',
  ],
  [
    "a list at the top level",
    { "/home/me/.takelage.yml": "- a\n- b\n" },
    {},
    'Cannot read config file "/home/me/.takelage.yml": expected a mapping',
  ],
  [
    "a number for a string key",
    { "/home/me/.takelage.yml": "docker_repo: 42\n" },
    {},
    'Invalid value for "docker_repo" in config file "/home/me/.takelage.yml": expected a string, got number 42',
  ],
  [
    "a mapping for a string key",
    { "/home/me/project/takelage.yml": "cmd_mutagen:\n  a: b\n" },
    {},
    'Invalid value for "cmd_mutagen" in config file "/home/me/project/takelage.yml": expected a string, got a mapping',
  ],
  [
    "a string for the timeout",
    { "/home/me/.takelage.yml": "mutagen_socket_login_timeout: soon\n" },
    {},
    'Invalid value for "mutagen_socket_login_timeout" in config file "/home/me/.takelage.yml": expected a number',
  ],
  [
    "a malformed label",
    {},
    { TAKELAGE_TAU_CONFIG_MUTAGEN_SOCKET_TAKELAGE_LABEL: "no label" },
    'Invalid value for "mutagen_socket_takelage_label" in environment variable TAKELAGE_TAU_CONFIG_MUTAGEN_SOCKET_TAKELAGE_LABEL: "no label"',
  ],
  [
    "a non-number timeout variable",
    {},
    { TAKELAGE_TAU_CONFIG_MUTAGEN_SOCKET_LOGIN_TIMEOUT: "3s" },
    'Invalid value for environment variable TAKELAGE_TAU_CONFIG_MUTAGEN_SOCKET_LOGIN_TIMEOUT: expected a number, got "3s"',
  ],
  [
    "a zero timeout",
    { "/home/me/.takelage.yml": "mutagen_socket_login_timeout: 0\n" },
    {},
    "0 is not a positive number of seconds",
  ],
  [
    "an empty docker_repo",
    {},
    { TAKELAGE_TAU_CONFIG_DOCKER_REPO: "" },
    'Invalid value for "docker_repo" in environment variable TAKELAGE_TAU_CONFIG_DOCKER_REPO: the value is empty',
  ],
];

for (const [what, files, env, message] of BAD_CONFIGS) {
  Deno.test(`loadConfig() rejects ${what}`, async () => {
    await assert.rejects(load(files, env), (error: unknown) => {
      assert.ok(error instanceof TauError);
      assert.ok(
        error.message.includes(message),
        `"${error.message}" lacks "${message}"`,
      );
      return true;
    });
  });
}
