/**
 * Completion in real bash and zsh, driven through tmux: type a prefix,
 * press Tab, read the screen. tau is the checkout run by Deno, and socket
 * names come from the fake mutagen so that no daemon is needed.
 */

import assert from "node:assert/strict";

import { REPO } from "./helpers/run_tau.ts";
import { sessionJson } from "./helpers/fake_context.ts";

interface Terminal {
  type(keys: string): Promise<void>;
  tab(): Promise<void>;
  /** Waits until the last prompt line matches, and returns the screen. */
  expectLine(pattern: RegExp): Promise<string>;
  clearLine(): Promise<void>;
}

async function tmux(...args: string[]): Promise<string> {
  const output = await new Deno.Command("tmux", {
    args,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(output.stdout);
  assert.equal(
    output.code,
    0,
    `tmux ${args.join(" ")}: ${new TextDecoder().decode(output.stderr)}`,
  );
  return text;
}

/**
 * Starts `shell` in a detached tmux session with a throwaway HOME holding
 * a directory with a space, tau on PATH and a fake mutagen with one session.
 */
async function withShell(
  shell: string[],
  setup: string,
  body: (terminal: Terminal, home: string) => Promise<void>,
) {
  const home = await Deno.makeTempDir({ prefix: "tau-shell-" });
  const session = `tau-test-${crypto.randomUUID().slice(0, 8)}`;
  try {
    await Deno.mkdir(`${home}/bin`);
    await Deno.mkdir(`${home}/my dir`);
    await Deno.writeTextFile(`${home}/my dir/agent.sock`, "");
    await Deno.writeTextFile(
      `${home}/bin/tau`,
      `#!/bin/sh\nexec "${Deno.execPath()}" run -A --config "${REPO}/deno.json" "${REPO}/main.ts" "$@"\n`,
    );
    await Deno.chmod(`${home}/bin/tau`, 0o755);
    await Deno.writeTextFile(
      `${home}/sessions.json`,
      JSON.stringify([
        sessionJson({
          identifier: "f1",
          name: "xokil-lyzyd-gpg",
          container: "takelage_project_xokil-lyzyd",
        }),
      ]),
    );

    await tmux(
      "new-session",
      "-d",
      "-s",
      session,
      "-x",
      "200",
      "-y",
      "50",
      "env",
      "-i",
      `HOME=${home}`,
      `PATH=${home}/bin:/usr/local/bin:/usr/bin:/bin`,
      "TERM=xterm",
      "PS1=$ ",
      "PROMPT=$ ",
      `TAKELAGE_TAU_CONFIG_CMD_MUTAGEN=${REPO}/tests/helpers/fake_mutagen.sh`,
      `FAKE_MUTAGEN_SESSIONS=${home}/sessions.json`,
      ...shell,
    );

    // -N keeps trailing spaces, which show that a word was completed; cells
    // left over from longer earlier lines may add more.
    const screen = () => tmux("capture-pane", "-p", "-N", "-t", session);
    const lastLine = async () => {
      const lines = (await screen()).split("\n")
        .filter((line) => line.trim() !== "");
      return lines.at(-1) ?? "";
    };
    const terminal: Terminal = {
      type: async (keys) =>
        void await tmux("send-keys", "-t", session, "-l", keys),
      tab: async () => void await tmux("send-keys", "-t", session, "Tab"),
      clearLine: async () => void await tmux("send-keys", "-t", session, "C-u"),
      expectLine: async (pattern) => {
        const deadline = Date.now() + 15_000;
        while (Date.now() < deadline) {
          if (pattern.test(await lastLine())) return await screen();
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        assert.fail(`Screen never showed ${pattern}:\n${await screen()}`);
      },
    };

    await terminal.expectLine(/\$ $/);
    await terminal.type(setup + "\n");
    await terminal.type("clear\n");
    await terminal.expectLine(/^\$ *$/);
    await body(terminal, home);
  } finally {
    await tmux("kill-session", "-t", session).catch(() => {});
    await Deno.remove(home, { recursive: true });
  }
}

async function completes(terminal: Terminal, typed: string, expected: RegExp) {
  await terminal.type(typed);
  await terminal.tab();
  await terminal.expectLine(expected);
  await terminal.clearLine();
}

const CASES: [string, RegExp][] = [
  ["tau mu", /\$ tau mutagen +$/],
  ["tau mutagen so", /\$ tau mutagen socket +$/],
  ["tau mutagen socket ter", /\$ tau mutagen socket terminate +$/],
  ["tau mutagen socket list --j", /\$ tau mutagen socket list --json +$/],
  ["tau -l de", /\$ tau -l debug +$/],
  [
    "tau mutagen socket check xok",
    /\$ tau mutagen socket check xokil-lyzyd-gpg +$/,
  ],
  [
    "tau mutagen socket create gpg ~/my",
    /\$ tau mutagen socket create gpg ~\/my\\ dir\/ *$/,
  ],
  [
    "tau mutagen socket create gpg ~/my\\ dir/ag",
    /\$ tau mutagen socket create gpg ~\/my\\ dir\/agent\.sock +$/,
  ],
  ["tau completion z", /\$ tau completion zsh +$/],
];

Deno.test("bash completes commands, options, sockets and paths", async () => {
  await withShell(
    ["bash", "--norc", "--noprofile", "-i"],
    'eval "$(tau completion bash)"',
    async (terminal) => {
      for (const [typed, expected] of CASES) {
        await completes(terminal, typed, expected);
      }
    },
  );
});

Deno.test("zsh completes without an earlier compinit", async () => {
  await withShell(
    ["zsh", "-f", "-i"],
    'eval "$(tau completion zsh)"',
    async (terminal) => {
      for (const [typed, expected] of CASES) {
        await completes(terminal, typed, expected);
      }
    },
  );
});

Deno.test("zsh completes after the user's own compinit", async () => {
  await withShell(
    ["zsh", "-f", "-i"],
    'autoload -Uz compinit && compinit -u && eval "$(tau shell-init zsh)"',
    async (terminal) => {
      await completes(
        terminal,
        "tau mutagen socket ch",
        /\$ tau mutagen socket check +$/,
      );
      await completes(
        terminal,
        "tau mutagen socket check xok",
        /\$ tau mutagen socket check xokil-lyzyd-gpg +$/,
      );
    },
  );
});

Deno.test("bash completion prints nothing when tau fails", async () => {
  await withShell(
    ["bash", "--norc", "--noprofile", "-i"],
    'eval "$(tau completion bash)"; export TAKELAGE_TAU_CONFIG_CMD_MUTAGEN=/nonexistent',
    async (terminal) => {
      await terminal.type("tau mutagen socket check x");
      await terminal.tab();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const screen = await terminal.expectLine(
        /\$ tau mutagen socket check x *$/,
      );
      assert.doesNotMatch(screen, /error|Cannot/);
    },
  );
});
