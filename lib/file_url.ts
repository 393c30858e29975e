/** Converts a `file:` URL to a path; `node:url` would cost start-up time. */
export function fromFileUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== "file:") {
    throw new TypeError(`Expected a file URL, got "${url}"`);
  }
  return decodeURIComponent(parsed.pathname);
}
