/**
 * Takelage sockets: the forwarding sessions that carry the takelage label,
 * in the shape tau shows and works with.
 */

import type { Context } from "./context.ts";
import type { ContainerIdentity } from "./identity.ts";
import { type ForwardSession, socketPath } from "./session.ts";

/** A takelage socket forward as tau reports it. */
export interface Socket {
  identifier: string;
  /** Session name, `<digest>-<short name>`. */
  name: string;
  /** The container's `hostname` label value. */
  container: string;
  status: string;
  /** Listening socket inside the container. */
  containerPath: string;
  /** Socket on the host that connections go to. */
  hostPath: string;
  creationTime: string;
  lastError: string;
  /** Docker variables the daemon uses to reach the container. */
  dockerEnvironment: Record<string, string>;
}

/** Converts a mutagen session into a socket record. */
export function toSocket(session: ForwardSession): Socket {
  return {
    identifier: session.identifier,
    name: session.name,
    container: session.labels.hostname ?? "",
    status: session.paused ? "paused" : session.status,
    containerPath: socketPath(session.source),
    hostPath: socketPath(session.destination),
    creationTime: session.creationTime,
    lastError: session.lastError,
    dockerEnvironment: session.source.environment,
  };
}

/**
 * Lists takelage sockets with one mutagen call, optionally only those of
 * one container.
 */
export async function listSockets(
  context: Context,
  container?: ContainerIdentity | string,
): Promise<Socket[]> {
  let selector = context.takelageLabel;
  if (container !== undefined) {
    const label = typeof container === "string" ? container : container.label;
    selector += `,hostname=${label}`;
  }
  const sessions = await context.mutagen.list(selector);
  return sessions.map(toSocket);
}

/** Returns whether a socket is forwarding connections. */
export function isHealthy(socket: Socket): boolean {
  return socket.status === "forwarding";
}

/** Expands a leading `~` with a home directory. */
export function expandHome(path: string, home: string | undefined): string {
  if (home === undefined || home === "") return path;
  if (path === "~") return home;
  if (path.startsWith("~/")) return home.replace(/\/$/, "") + path.slice(1);
  return path;
}
