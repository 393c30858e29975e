/**
 * Forwarding sessions as mutagen's `--template '{{json .}}'` prints them,
 * validated before use.
 */

import { TauError } from "./errors.ts";

/** One endpoint of a forwarding session. */
export interface SessionEndpoint {
  /** "local" or "docker". */
  protocol: string;
  user: string;
  /** Container name for the docker protocol. */
  host: string;
  /** Endpoint address such as `unix:/var/run/docker.sock`. */
  endpoint: string;
  /** Docker variables (DOCKER_HOST and others) the creating CLI had. */
  environment: Record<string, string>;
  connected: boolean;
}

/** The fields of a mutagen forwarding session that tau uses. */
export interface ForwardSession {
  identifier: string;
  name: string;
  labels: Record<string, string>;
  /** "disconnected", "connecting-source", "connecting-destination" or
   * "forwarding" in mutagen v0.18. */
  status: string;
  paused: boolean;
  creationTime: string;
  lastError: string;
  source: SessionEndpoint;
  destination: SessionEndpoint;
}

/** Parses the JSON that mutagen prints for a session list. */
export function parseSessions(stdout: string): ForwardSession[] {
  const text = stdout.trim();

  // An empty selection renders as "null" (a nil Go slice) or nothing.
  if (text === "" || text === "null") return [];

  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw invalid(`not JSON: ${JSON.stringify(text.slice(0, 80))}`);
  }
  if (!Array.isArray(data)) throw invalid("expected a list of sessions");
  return data.map((item, index) => toSession(item, index));
}

/** Strips the `unix:` protocol prefix of a socket endpoint address. */
export function socketPath(endpoint: SessionEndpoint): string {
  return endpoint.endpoint.replace(/^unix:/, "");
}

function toSession(item: unknown, index: number): ForwardSession {
  const record = asRecord(item, `session ${index}`);
  const identifier = stringField(record, "identifier", index, true);
  return {
    identifier,
    name: stringField(record, "name", index, false),
    labels: labelsField(record, index),
    status: stringField(record, "status", index, true),
    paused: record.paused === true,
    creationTime: stringField(record, "creationTime", index, false),
    lastError: stringField(record, "lastError", index, false),
    source: toEndpoint(record.source, `session ${index} source`),
    destination: toEndpoint(record.destination, `session ${index} destination`),
  };
}

function toEndpoint(value: unknown, where: string): SessionEndpoint {
  const record = asRecord(value, where);
  const text = (key: string) => {
    const field = record[key];
    if (field === undefined) return "";
    if (typeof field !== "string") throw invalid(`${where} ${key} is not text`);
    return field;
  };
  return {
    protocol: text("protocol"),
    user: text("user"),
    host: text("host"),
    endpoint: text("endpoint"),
    environment: textMap(record.environment, `${where} environment`),
    connected: record.connected === true,
  };
}

function labelsField(
  record: Record<string, unknown>,
  index: number,
): Record<string, string> {
  return textMap(record.labels, `session ${index} labels`);
}

function textMap(value: unknown, where: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  const map = asRecord(value, where);
  for (const [key, entry] of Object.entries(map)) {
    if (typeof entry !== "string") {
      throw invalid(`${where} "${key}" is not text`);
    }
  }
  return map as Record<string, string>;
}

function stringField(
  record: Record<string, unknown>,
  key: string,
  index: number,
  required: boolean,
): string {
  const value = record[key];
  if (value === undefined && !required) return "";
  if (typeof value !== "string" || (required && value === "")) {
    throw invalid(`session ${index} has no text field "${key}"`);
  }
  return value;
}

function asRecord(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalid(`${where} is not an object`);
  }
  return value as Record<string, unknown>;
}

function invalid(detail: string): TauError {
  return new TauError(
    `Cannot parse the session list from mutagen: ${detail} ` +
      "(is cmd_mutagen a mutagen v0.18 or later?)",
  );
}
