/**
 * The `Host` check that defeats DNS rebinding: a page on an attacker's domain whose DNS answer
 * later points at 127.0.0.1 talks to a loopback server as "same origin", but its requests still
 * carry the attacker's name in `Host`. Only names the operator expects are accepted.
 */

/** One accepted host: a name or address, and optionally the only port accepted with it. */
export interface HostPattern {
  hostname: string;
  port?: number;
}

/** The names a loopback-bound server answers to by default. */
export const LOOPBACK_HOSTNAMES = ["localhost", "127.0.0.1", "[::1]"] as const;

const HOSTNAME =
  /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;
const IPV6_LITERAL = /^\[[0-9a-f:.]+\]$/;
const PORT = /^\d{1,5}$/;

/** Splits `name`, `name:port`, `[v6]` or `[v6]:port`; undefined when it is not that shape. */
export function parseHost(raw: string): HostPattern | undefined {
  const value = raw.trim().toLowerCase();
  const match = /^(\[[^\]]*\]|[^:[\]]+)(?::(\d*))?$/.exec(value);
  if (!match) return undefined;
  const hostname = match[1] as string;
  const portText = match[2];
  if (!HOSTNAME.test(hostname) && !IPV6_LITERAL.test(hostname)) return undefined;
  if (portText === undefined) return { hostname };
  const port = Number(portText);
  if (!PORT.test(portText) || port < 1 || port > 65_535) return undefined;
  return { hostname, port };
}

/** Parses a list of host patterns, throwing on the first entry that is not a host. */
export function parseHostPatterns(entries: readonly string[]): HostPattern[] {
  return entries.map((entry) => {
    const pattern = parseHost(entry);
    if (!pattern) throw new Error(`"${entry}" is not a host name, address or host:port`);
    return pattern;
  });
}

/**
 * A pattern with a port accepts that port or none (a client only omits it for the scheme's
 * default port, which a proxy in front may be using); a pattern without a port accepts any.
 */
export function hostAllowed(hostHeader: string, patterns: readonly HostPattern[]): boolean {
  const host = parseHost(hostHeader);
  if (!host) return false;
  return patterns.some(
    (pattern) =>
      pattern.hostname === host.hostname &&
      (pattern.port === undefined || host.port === undefined || pattern.port === host.port),
  );
}

/** `localhost`, `127.0.0.1` and `[::1]` on `port` (or with no port). */
export function loopbackHosts(port: number): string[] {
  return LOOPBACK_HOSTNAMES.map((hostname) => `${hostname}:${port}`);
}

/** True for a listen address that only this machine can reach. */
export function isLoopbackAddress(address: string): boolean {
  const value = address.trim().toLowerCase();
  return (
    value === "localhost" ||
    value === "::1" ||
    value === "[::1]" ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(value)
  );
}
