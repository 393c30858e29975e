// deno-lint-ignore-file no-console -- the demo prints a walkthrough.
/**
 * A walkthrough of tau on this machine: start a takelage-like container,
 * let `tau mutagen socket login` forward the host's sockets into it, and
 * use docker, gpg and ssh inside. Needs the components of
 * scripts/provision; run it with scripts/demo.
 */

import $ from "dax";

import {
  CONTAINER_HOME,
  requireComponents,
  startContainer,
} from "../tests/e2e/harness.ts";

await requireComponents();
const container = await startContainer("demo");

try {
  $.logStep("Container", container.name);

  $.logStep("Running", "tau mutagen socket login (silent when all is well)");
  const login = await container.hostTau(["mutagen", "socket", "login"]);
  if (login.code !== 0) throw new Error(login.stderr);

  $.logStep("Running", "tau mutagen socket list");
  console.log(
    (await container.hostTau([
      "mutagen",
      "socket",
      "list",
      "--container",
      container.name,
    ])).stdout,
  );

  $.logStep(
    "Inside",
    "curl --unix-socket /var/run/docker.sock http://localhost/_ping",
  );
  console.log(
    (await container.exec([
      "curl",
      "-s",
      "--unix-socket",
      "/var/run/docker.sock",
      "http://localhost/_ping",
    ])).stdout,
  );

  $.logStep("Inside", "gpg-connect-agent 'GETINFO version' /bye");
  console.log(
    (await container.exec([
      "gpg-connect-agent",
      "--no-autostart",
      "GETINFO version",
      "/bye",
    ])).stdout,
  );

  $.logStep("Inside", "ssh-add -l");
  console.log(
    (await container.exec(["ssh-add", "-l"], {
      SSH_AUTH_SOCK: `${CONTAINER_HOME}/.gnupg/S.gpg-agent.ssh`,
    })).stdout,
  );

  $.logStep("Inside", "tau mutagen check daemon");
  const check = await container.tau(["mutagen", "check", "daemon"]);
  console.log(check.stderr);
} finally {
  $.logStep("Removing", container.name);
  await container.remove();
}
