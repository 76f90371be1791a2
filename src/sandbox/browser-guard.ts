/**
 * The sandbox serves no web pages, and its control plane hands out every identity's secret key
 * and rewrites the world, so no web page may use it: a request carrying `Origin` or a
 * `Sec-Fetch-Site` other than `none` (an address typed by the user) comes from a page. The AWS
 * SDKs and CLI send neither. When bound to loopback, `Host` must be a loopback name, which
 * defeats DNS rebinding (https://www.w3.org/TR/fetch-metadata/, RFC 6454).
 */
import { type HostPattern, hostAllowed } from "../http/hosts.js";
import { SandboxError } from "./errors.js";

function forbidden(message: string): SandboxError {
  return new SandboxError(403, "AccessDeniedException", message);
}

/** The error to answer with, or undefined when the request may proceed. */
export function refuseBrowserRequest(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  allowedHosts: readonly HostPattern[] | undefined,
): SandboxError | undefined {
  const host = String(headers.host ?? "");
  if (allowedHosts && !hostAllowed(host, allowedHosts)) {
    return forbidden(`The sandbox does not answer to the host "${host}".`);
  }
  if (headers.origin !== undefined) {
    return forbidden("The sandbox does not accept requests from web pages (Origin header).");
  }
  const site = headers["sec-fetch-site"];
  if (site !== undefined && site !== "none") {
    return forbidden(
      `The sandbox does not accept requests from web pages (Sec-Fetch-Site: ${site}).`,
    );
  }
  return undefined;
}
