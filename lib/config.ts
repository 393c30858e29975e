/**
 * Configuration: built-in defaults, then `~/.takelage.yml`, then the
 * project's `takelage.yml`, then `TAKELAGE_TAU_CONFIG_<KEY>` environment
 * variables, each layer over the one before. Key names are those of the
 * Ruby takelage gem, so existing config files keep working.
 */

import { join } from "./path.ts";

import { TauError } from "./errors.ts";
import { parseLabel } from "./names.ts";

/**
 * Default of every key tau reads; the type of a default is the key's type.
 * The snake_case names are those of takelage's YAML files.
 */
export const DEFAULTS = {
  "docker_repo": "takelage",
  "cmd_mutagen": "mutagen",
  "mutagen_socket_takelage_label": "type=takelage-socket",
  "mutagen_socket_path_docker_host": "/var/run/docker.sock",
  "mutagen_socket_path_gpg_host": "~/.gnupg/S.gpg-agent",
  "mutagen_socket_path_gpg_container": "~/.gnupg/S.gpg-agent",
  "mutagen_socket_path_ssh_host": "~/.gnupg/S.gpg-agent.ssh",
  "mutagen_socket_path_ssh_container": "~/.gnupg/S.gpg-agent.ssh",
  "mutagen_socket_path_mutagen_host": "~/.mutagen/daemon/daemon.sock",
  "mutagen_socket_path_mutagen_container": "~/.mutagen/daemon/daemon.sock",
  // Seconds a login may hold up a shell before it continues in the
  // background.
  "mutagen_socket_login_timeout": 3,
};

export type ConfigKey = keyof typeof DEFAULTS;

export type ConfigValues = { -readonly [K in ConfigKey]: typeof DEFAULTS[K] };

/** Source of each value: "default", a file path or a variable name. */
export type ConfigSources = Record<ConfigKey, string>;

/** The merged configuration and where each value came from. */
export interface Config {
  values: ConfigValues;
  sources: ConfigSources;
}

/** Inputs of {@link loadConfig}; injected so tests need no real HOME. */
export interface ConfigInput {
  home: string | undefined;
  workdir: string;
  env: (name: string) => string | undefined;
  /** Reads a file, or returns undefined when it does not exist. */
  readFile?: (path: string) => Promise<string | undefined>;
}

const ENV_PREFIX = "TAKELAGE_TAU_CONFIG_";

/** Loads and validates the configuration layers. */
export async function loadConfig(input: ConfigInput): Promise<Config> {
  const values = { ...DEFAULTS } as ConfigValues;
  const sources = Object.fromEntries(
    Object.keys(DEFAULTS).map((key) => [key, "default"]),
  ) as ConfigSources;
  const readFile = input.readFile ?? readOptionalFile;

  const files = [
    ...(input.home ? [join(input.home, ".takelage.yml")] : []),
    join(input.workdir, "takelage.yml"),
  ];
  for (const path of files) {
    const text = await readFile(path);
    if (text === undefined) continue;
    applyLayer(values, sources, await parseYamlFile(path, text), path);
  }

  for (const key of Object.keys(DEFAULTS) as ConfigKey[]) {
    const name = ENV_PREFIX + key.toUpperCase();
    const raw = input.env(name);
    if (raw === undefined) continue;
    setValue(values, sources, key, fromEnvironment(key, raw, name), name);
  }

  validate(values, sources);
  return { values, sources };
}

/** Returns whether a key still has its built-in default. */
export function isDefault(config: Config, key: ConfigKey): boolean {
  return config.sources[key] === "default";
}

async function parseYamlFile(
  path: string,
  text: string,
): Promise<Record<string, unknown>> {
  // Loaded on demand: most shells start without any config file, and the
  // YAML parser is the largest module tau has.
  const { parse } = await import("yaml");
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    // The yaml package ends its first line with ":" before a code excerpt.
    const reason = error instanceof Error
      ? firstLine(error.message).replace(/:\s*$/, "")
      : "";
    throw new TauError(
      `Cannot read config file "${path}": invalid YAML: ${reason}`,
    );
  }
  if (document === null || document === undefined) return {};
  if (typeof document !== "object" || Array.isArray(document)) {
    throw new TauError(
      `Cannot read config file "${path}": expected a mapping of keys ` +
        "to values at the top level",
    );
  }
  return document as Record<string, unknown>;
}

function applyLayer(
  values: ConfigValues,
  sources: ConfigSources,
  layer: Record<string, unknown>,
  path: string,
): void {
  // Other takelage tools keep their keys in the same files, so keys that
  // tau does not know are left alone.
  for (const key of Object.keys(DEFAULTS) as ConfigKey[]) {
    if (!(key in layer)) continue;
    const value = layer[key];
    if (typeof value !== typeof DEFAULTS[key]) {
      throw new TauError(
        `Invalid value for "${key}" in config file "${path}": expected a ` +
          `${typeof DEFAULTS[key]}, got ${describe(value)}`,
      );
    }
    setValue(values, sources, key, value as string | number, path);
  }
}

function fromEnvironment(
  key: ConfigKey,
  raw: string,
  name: string,
): string | number {
  if (typeof DEFAULTS[key] === "string") return raw;
  const number = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(number)) {
    throw new TauError(
      `Invalid value for environment variable ${name}: expected a number, ` +
        `got "${raw}"`,
    );
  }
  return number;
}

function setValue(
  values: ConfigValues,
  sources: ConfigSources,
  key: ConfigKey,
  value: string | number,
  source: string,
): void {
  (values as Record<ConfigKey, string | number>)[key] = value;
  sources[key] = source;
}

function validate(values: ConfigValues, sources: ConfigSources): void {
  const label = values.mutagen_socket_takelage_label;
  if (parseLabel(label) === undefined) {
    throw new TauError(
      `Invalid value for "mutagen_socket_takelage_label" in ` +
        `${
          describeSource(sources.mutagen_socket_takelage_label)
        }: "${label}" ` +
        "is not a mutagen label of the form key=value (letters, digits, " +
        "'-', '_' and '.', at most 63 characters each)",
    );
  }

  const timeout = values.mutagen_socket_login_timeout;
  if (!(timeout > 0)) {
    throw new TauError(
      `Invalid value for "mutagen_socket_login_timeout" in ` +
        `${describeSource(sources.mutagen_socket_login_timeout)}: ` +
        `${timeout} is not a positive number of seconds`,
    );
  }

  for (const key of ["docker_repo", "cmd_mutagen"] as const) {
    if (values[key] === "") {
      throw new TauError(
        `Invalid value for "${key}" in ${describeSource(sources[key])}: ` +
          "the value is empty",
      );
    }
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(values.docker_repo)) {
    throw new TauError(
      `Invalid value for "docker_repo" in ` +
        `${describeSource(sources.docker_repo)}: "${values.docker_repo}" ` +
        "must be a valid start of a docker container name (letters, " +
        "digits, '_', '.' and '-')",
    );
  }
}

/** Names where a value came from, for error messages. */
export function describeSource(source: string): string {
  if (source.startsWith(ENV_PREFIX)) return `environment variable ${source}`;
  return `config file "${source}"`;
}

/**
 * Names the setting a user changes to fix a key's value: the variable or
 * file it came from, or ~/.takelage.yml for a default.
 */
export function settingFor(config: Config, key: ConfigKey): string {
  const source = config.sources[key];
  if (source.startsWith(ENV_PREFIX)) return source;
  return `${key} in ${source === "default" ? "~/.takelage.yml" : source}`;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${JSON.stringify(value)}`;
}

function firstLine(text: string): string {
  return text.split("\n", 1)[0] ?? "";
}

async function readOptionalFile(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw new TauError(
      `Cannot read config file "${path}": ${(error as Error).message}`,
    );
  }
}
