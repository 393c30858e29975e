/**
 * POSIX path helpers. tau runs on Linux and macOS only, and importing
 * `node:path` costs Deno several milliseconds at every start
 * (docs/benchmark.md), which the login hook pays on each shell.
 */

/** Joins path segments with "/" and normalizes the result. */
export function join(...segments: string[]): string {
  return normalize(segments.filter((segment) => segment !== "").join("/"));
}

/** Resolves segments against `from` into an absolute, normalized path. */
export function resolve(from: string, ...segments: string[]): string {
  let path = from;
  for (const segment of segments) {
    path = isAbsolute(segment) ? segment : `${path}/${segment}`;
  }
  return normalize(path);
}

/** Returns whether a path starts at the root. */
export function isAbsolute(path: string): boolean {
  return path.startsWith("/");
}

/** Returns the last segment of a path, ignoring trailing slashes. */
export function basename(path: string): string {
  const trimmed = path.replace(/\/+$/, "");
  return trimmed.slice(trimmed.lastIndexOf("/") + 1);
}

/** Returns the path without its last segment; "/" for a top-level path. */
export function dirname(path: string): string {
  const trimmed = path.replace(/\/+$/, "");
  const slash = trimmed.lastIndexOf("/");
  if (slash === -1) return isAbsolute(path) ? "/" : ".";
  return slash === 0 ? "/" : trimmed.slice(0, slash);
}

/** Removes empty and "." segments and resolves ".." where possible. */
export function normalize(path: string): string {
  const absolute = isAbsolute(path);
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && parts.length > 0 && parts.at(-1) !== "..") {
      parts.pop();
    } else if (part !== ".." || !absolute) {
      parts.push(part);
    }
  }
  const joined = parts.join("/");
  if (absolute) return "/" + joined;
  return joined === "" ? "." : joined;
}
