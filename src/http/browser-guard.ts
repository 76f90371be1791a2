/**
 * What a browser may do with the gateway. Browsers attach the developer's ambient authority
 * (a loopback socket, cookies, a VPN) to requests any page can trigger, so the gateway decides
 * from the headers browsers set and pages cannot forge (`Host`, `Origin`, `Sec-Fetch-*`):
 *
 * - `Host` must be one the operator expects (DNS rebinding);
 * - `Origin`, when present, must be the gateway's own or on the allow-list, and `null` never is;
 * - a request the browser marks cross-site (`Sec-Fetch-Site`) without an allowed `Origin` is a
 *   "simple" GET from `<img>`, `<script>` or a link, and only a top-level page load is served;
 * - POST bodies must be JSON, which a page can only send cross-origin after a CORS preflight
 *   (form, multipart and text/plain bodies are "simple" requests that skip it).
 *
 * See the Fetch standard's CORS protocol and "CORS-safelisted request-header"
 * (https://fetch.spec.whatwg.org/#http-cors-protocol) and the Fetch Metadata headers
 * (https://www.w3.org/TR/fetch-metadata/).
 */
import type { Plugin } from "graphql-yoga";
import { type HostPattern, hostAllowed } from "./hosts.js";
import { isSameOrigin } from "./origins.js";

export interface BrowserPolicy {
  /** Serialized origins (`https://app.example.com`) whose pages may call the gateway. */
  allowedOrigins: readonly string[];
  /** Accepted `Host` values; undefined turns the check off. */
  allowedHosts?: readonly HostPattern[];
}

export const REFUSAL_CODES = {
  host: "HOST_NOT_ALLOWED",
  origin: "ORIGIN_NOT_ALLOWED",
  crossSite: "CROSS_SITE_NOT_ALLOWED",
  mediaType: "UNSUPPORTED_MEDIA_TYPE",
} as const;

export type Verdict =
  | { allowed: true; corsOrigin?: string }
  | { allowed: false; status: number; code: string; message: string };

/** The request body types the gateway executes; both need a CORS preflight from a page. */
const JSON_MEDIA_TYPES = new Set(["application/json", "application/graphql+json"]);
/** Request headers an allowed origin may send (anything else fails its preflight). */
export const CORS_ALLOWED_HEADERS = [
  "accept",
  "authorization",
  "content-type",
  "x-api-key",
] as const;
export const CORS_ALLOWED_METHODS = ["GET", "POST"] as const;
/** How long a browser may cache a successful preflight. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

function requestHost(request: Request): string {
  return request.headers.get("host") ?? new URL(request.url).host;
}

/** The media type without parameters (`application/json; charset=utf-8` -> `application/json`). */
function mediaType(contentType: string | null): string {
  return (contentType ?? "").split(";", 1)[0]?.trim().toLowerCase() ?? "";
}

function refuse(status: number, code: string, message: string): Verdict {
  return { allowed: false, status, code, message };
}

function judgeOrigin(
  origin: string | null,
  host: string,
  policy: BrowserPolicy,
): Verdict | undefined {
  if (origin === null) return undefined;
  if (policy.allowedOrigins.includes(origin)) return { allowed: true, corsOrigin: origin };
  if (isSameOrigin(origin, host)) return { allowed: true };
  return refuse(
    403,
    REFUSAL_CODES.origin,
    `Requests from pages on ${origin} are not allowed; list the origin in CORS_ORIGINS to allow it.`,
  );
}

/**
 * Decides whether a request may proceed. `isPageLoad` says whether the request only asks for the
 * GraphiQL page, which a cross-site link may open.
 */
export function judgeRequest(
  request: Request,
  policy: BrowserPolicy,
  isPageLoad: (request: Request) => boolean,
): Verdict {
  const host = requestHost(request);
  if (policy.allowedHosts && !hostAllowed(host, policy.allowedHosts)) {
    return refuse(
      403,
      REFUSAL_CODES.host,
      `The host "${host}" is not allowed; list it in ALLOWED_HOSTS if the gateway is reached by that name.`,
    );
  }
  const originVerdict = judgeOrigin(request.headers.get("origin"), host, policy);
  if (originVerdict && !originVerdict.allowed) return originVerdict;
  const site = request.headers.get("sec-fetch-site");
  const crossSite = site === "cross-site" || site === "same-site";
  if (crossSite && originVerdict?.allowed !== true && !isTopLevelPageLoad(request, isPageLoad)) {
    return refuse(
      403,
      REFUSAL_CODES.crossSite,
      "Requests another site's page makes without CORS are not allowed.",
    );
  }
  if (request.method === "POST") {
    const type = mediaType(request.headers.get("content-type"));
    if (!JSON_MEDIA_TYPES.has(type)) {
      return refuse(
        415,
        REFUSAL_CODES.mediaType,
        `POST bodies must be application/json; got ${type === "" ? "no content type" : type}.`,
      );
    }
  }
  return originVerdict ?? { allowed: true };
}

function isTopLevelPageLoad(request: Request, isPageLoad: (request: Request) => boolean): boolean {
  return (
    request.method === "GET" &&
    request.headers.get("sec-fetch-mode") === "navigate" &&
    request.headers.get("sec-fetch-dest") === "document" &&
    isPageLoad(request)
  );
}

/** A refusal in the GraphQL response shape, so every client finds `extensions.code`. */
export function refusalResponse(
  fetchAPI: { Response: typeof Response },
  verdict: Extract<Verdict, { allowed: false }>,
): Response {
  return new fetchAPI.Response(
    JSON.stringify({ errors: [{ message: verdict.message, extensions: { code: verdict.code } }] }),
    {
      status: verdict.status,
      headers: { "content-type": "application/json; charset=utf-8" },
    },
  );
}

function preflightResponse(fetchAPI: { Response: typeof Response }, origin: string): Response {
  return new fetchAPI.Response(null, {
    status: 204,
    headers: {
      // Safari waits for a body on a 204 without an explicit length.
      "content-length": "0",
      "access-control-allow-origin": origin,
      "access-control-allow-credentials": "true",
      "access-control-allow-methods": CORS_ALLOWED_METHODS.join(", "),
      "access-control-allow-headers": CORS_ALLOWED_HEADERS.join(", "),
      "access-control-max-age": String(PREFLIGHT_MAX_AGE_SECONDS),
    },
  });
}

function appendVary(headers: Headers, name: string): void {
  const current = headers.get("vary");
  if (!current) headers.set("vary", name);
  else if (
    !current
      .toLowerCase()
      .split(/\s*,\s*/)
      .includes(name.toLowerCase())
  )
    headers.set("vary", `${current}, ${name}`);
}

/**
 * Yoga plugin: refuses what `judgeRequest` refuses before anything is parsed or executed,
 * answers preflights from allowed origins, and sets CORS and hardening headers on responses.
 * It must come before any plugin that answers requests itself (such as the GraphiQL page).
 */
export function useBrowserGuard(
  policy: BrowserPolicy,
  isPageLoad: (request: Request) => boolean,
): Plugin {
  const verdicts = new WeakMap<Request, Verdict>();
  return {
    onRequest({ request, fetchAPI, endResponse }) {
      const verdict = judgeRequest(request, policy, isPageLoad);
      verdicts.set(request, verdict);
      if (!verdict.allowed) {
        endResponse(refusalResponse(fetchAPI, verdict));
        return;
      }
      if (request.method === "OPTIONS" && verdict.corsOrigin) {
        endResponse(preflightResponse(fetchAPI, verdict.corsOrigin));
      }
    },
    onResponse({ request, response }) {
      const verdict = verdicts.get(request);
      if (verdict?.allowed && verdict.corsOrigin && request.method !== "OPTIONS") {
        response.headers.set("access-control-allow-origin", verdict.corsOrigin);
        response.headers.set("access-control-allow-credentials", "true");
      }
      // Answers differ by Origin (CORS headers, refusals): shared caches must key on it.
      appendVary(response.headers, "Origin");
      response.headers.set("x-content-type-options", "nosniff");
      // Other sites cannot even embed the bytes through <img>/<script> (no-cors) loads.
      response.headers.set("cross-origin-resource-policy", "same-origin");
    },
  };
}
