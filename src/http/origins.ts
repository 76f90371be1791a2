import { parseHost } from "./hosts.js";

/**
 * Origins as browsers serialize them in the `Origin` header (RFC 6454): scheme, host and a
 * non-default port, lower case, no path. Allow-list entries are compared in that form, exactly.
 */

/** The serialized origin of `raw`, or undefined when it is not a bare http(s) origin. */
export function parseOrigin(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  if (url.username || url.password || url.search || url.hash) return undefined;
  // A trailing slash is tolerated in configuration; any other path is a mistake.
  if (url.pathname !== "/") return undefined;
  // The URL parser accepts hosts such as `*.example.com`, which no browser sends as an origin.
  if (!parseHost(url.host)) return undefined;
  return url.origin;
}

/** Parses a list of origins, throwing on the first entry that is not one. */
export function parseOrigins(entries: readonly string[]): string[] {
  return entries.map((entry) => {
    const origin = parseOrigin(entry);
    if (!origin) throw new Error(`"${entry}" is not an origin like https://app.example.com`);
    return origin;
  });
}

/**
 * A page's requests to the server that served it. Compared by host only: behind a TLS proxy the
 * page is https while the gateway sees http, and the `Host` check has already vouched for the host.
 */
export function isSameOrigin(origin: string, host: string): boolean {
  const parsed = parseOrigin(origin);
  return parsed !== undefined && new URL(parsed).host === host.trim().toLowerCase();
}
