// deno-lint-ignore-file no-console -- the benchmark prints its report.
/**
 * Benchmark of tau's start-up and login, printed as ratios against
 * baselines measured in the same run on the same machine. It is not a
 * test: it asserts nothing and needs the components of scripts/provision.
 *
 * Usage: deno task bench [runs]
 */

import $ from "dax";

import { REPO } from "../tests/helpers/run_tau.ts";
import {
  requireComponents,
  sessionNames,
  startContainer,
} from "../tests/e2e/harness.ts";

const runs = Number(Deno.args[0] ?? "15");

/** Runs a program and returns its wall time in milliseconds. */
async function timed(
  executable: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<number> {
  const started = performance.now();
  const output = await new Deno.Command(executable, {
    args,
    cwd: options.cwd ?? REPO,
    env: options.env ?? {},
    stdout: "null",
    stderr: "piped",
  }).output();
  const elapsed = performance.now() - started;
  if (output.code !== 0) {
    throw new Error(
      `${executable} ${args.join(" ")} failed: ${
        new TextDecoder().decode(output.stderr)
      }`,
    );
  }
  return elapsed;
}

/** Median of `runs` measurements after one warm-up run. */
async function median(measure: () => Promise<number>): Promise<number> {
  await measure();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await measure());
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

/** Maximum resident set size of one run, in MiB, from GNU time. */
async function maxRssMiB(args: string[], cwd: string): Promise<number> {
  const output = await new Deno.Command("/usr/bin/time", {
    args: ["-f", "%M", ...args],
    cwd,
    stdout: "null",
    stderr: "piped",
  }).output();
  const lines = new TextDecoder().decode(output.stderr).trim().split("\n");
  return Number(lines.at(-1)) / 1024;
}

const format = (ms: number) => `${ms.toFixed(1)} ms`;

await requireComponents();
const deno = Deno.execPath();
const work = await Deno.makeTempDir({ prefix: "tau-bench-" });
const bundle = `${work}/tau.js`;
const empty = `${work}/empty.js`;
await Deno.writeTextFile(empty, "");
await $`${deno} run -A ${REPO}/scripts/bundle.ts ${bundle}`;
const tau = [deno, "run", "-A", "--no-config", bundle];

const container = await startContainer("benchproject");
const cwd = container.project;
const env = { USER: "tester" };
try {
  console.log(
    `machine: ${(await $`nproc`.text())} cores, ${
      (await $`sh -c ${"grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"}`
        .text()).trim()
    }`,
  );
  console.log(
    `deno ${Deno.version.deno}, mutagen ${await $`mutagen version`
      .text()}, ${runs} runs each, medians\n`,
  );

  // Start-up: tau --version beside an empty script.
  const emptyRun = await median(() =>
    timed(deno, ["run", "--no-config", empty])
  );
  const version = await median(() =>
    timed(tau[0]!, [...tau.slice(1), "--version"])
  );
  console.log(
    `tau --version           ${format(version)}  (empty deno script ${
      format(emptyRun)
    }, ratio ${(version / emptyRun).toFixed(2)})`,
  );

  // Login with all four sockets present, against its floor.
  const login = [...tau.slice(1), "mutagen", "socket", "login"];
  await timed(tau[0]!, login, { cwd, env });
  if ((await sessionNames(container)).length !== 4) {
    throw new Error("login did not create four sockets");
  }
  const floor = await median(async () =>
    await timed(deno, ["run", "--no-config", empty]) +
    await timed("mutagen", [
      "forward",
      "list",
      `--label-selector=type=takelage-socket,hostname=${container.name}`,
    ])
  );
  const present = await median(() => timed(tau[0]!, login, { cwd, env }));
  console.log(
    `login, sockets present  ${format(present)}  (floor ${
      format(floor)
    }: empty script + one mutagen list; ratio ${
      (present / floor).toFixed(2)
    }, target <= 1.5)`,
  );

  // Creating all four: one concurrent login against four sequential creates.
  const terminateAll = () =>
    $`mutagen forward terminate --label-selector=${`hostname=${container.name}`}`
      .quiet();
  const host = await requireComponents();
  const createRuns = Math.max(3, Math.floor(runs / 3));
  const creates: number[] = [];
  const sequentials: number[] = [];
  for (let i = 0; i < createRuns; i++) {
    await terminateAll();
    creates.push(
      await timed(tau[0]!, login, {
        cwd,
        env: {
          ...env,
          TAKELAGE_TAU_CONFIG_MUTAGEN_SOCKET_LOGIN_TIMEOUT: "120",
        },
      }),
    );
    await terminateAll();
    const started = performance.now();
    for (
      const args of [
        ["docker", host.docker],
        ["create", "mutagen", "~/.mutagen/daemon/daemon.sock", host.mutagen],
        ["create", "gpg", "~/.gnupg/S.gpg-agent", host.gpg],
        ["create", "ssh", "~/.gnupg/S.gpg-agent.ssh", host.ssh],
      ]
    ) {
      await timed(tau[0]!, [...tau.slice(1), "mutagen", "socket", ...args], {
        cwd,
        env,
      });
    }
    sequentials.push(performance.now() - started);
  }
  const mid = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  console.log(
    `login, creating four    ${
      format(mid(creates))
    }  (four creates one after another ${format(mid(sequentials))}; ratio ${
      (mid(creates) / mid(sequentials)).toFixed(2)
    }, ${createRuns} runs)`,
  );

  // Memory of one run, beside an empty script.
  const rssEmpty = await maxRssMiB([deno, "run", "--no-config", empty], cwd);
  const rssLogin = await maxRssMiB([...tau, "mutagen", "socket", "login"], cwd);
  console.log(
    `max RSS                 login ${
      rssLogin.toFixed(0)
    } MiB, empty deno script ${rssEmpty.toFixed(0)} MiB (ratio ${
      (rssLogin / rssEmpty).toFixed(2)
    })`,
  );
} finally {
  await container.remove();
  await $`mutagen forward terminate --label-selector=type=takelage-socket`
    .noThrow().quiet();
  await Deno.remove(work, { recursive: true });
}
