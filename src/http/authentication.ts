/**
 * Authentication as a Yoga plugin: each request is authenticated in `onRequest`, before its
 * body is read or parsed and before any GuardDuty call, and a refused one is answered there.
 * The Caller it produces is handed to the request's context.
 *
 * Every request is refused without a credential (an unknown path too, rather than matching the
 * endpoint's spelling) except CORS preflights, which browsers send without credentials (Fetch
 * standard, "CORS-preflight request"), the GraphiQL page itself, which runs nothing (the queries
 * it sends carry the credential typed into its header editor), and whatever plugins placed
 * before this one answer themselves.
 */
import type { Plugin } from "graphql-yoga";
import { type Authenticate, AuthFailure } from "../auth/authenticate.js";
import type { Caller } from "../auth/caller.js";
import { ErrorCode } from "../errors.js";
import type { LogError } from "../graphql/error-codes.js";

/** Names the protection space in `WWW-Authenticate` (RFC 9110 §11.5). */
export const AUTH_REALM = "guardduty-graphql";
/** Seconds a client is asked to wait when the gateway cannot check credentials. */
export const AUTH_UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

export interface AuthenticationOptions {
  authenticate: Authenticate;
  /** Requests that need no credential (the GraphiQL page). */
  isExempt: (request: Request) => boolean;
  logError: LogError;
}

type FetchAPI = { Response: typeof Response };

/**
 * RFC 6750 §3: a request without credentials gets the scheme and realm only; one with a bad
 * credential also gets `error="invalid_token"`. Both are 401 and UNAUTHENTICATED.
 */
function challenge(failure: AuthFailure): string {
  const base = `Bearer realm="${AUTH_REALM}"`;
  return failure.kind === "invalid" ? `${base}, error="invalid_token"` : base;
}

export function refusal(fetchAPI: FetchAPI, failure: AuthFailure): Response {
  const unavailable = failure.kind === "unavailable";
  const code = unavailable ? ErrorCode.AUTH_UNAVAILABLE : ErrorCode.UNAUTHENTICATED;
  const body = JSON.stringify({ errors: [{ message: failure.message, extensions: { code } }] });
  return new fetchAPI.Response(body, {
    status: unavailable ? 503 : 401,
    headers: {
      "content-type": "application/json; charset=utf-8",
      // The answer depends on the credential: no shared cache may reuse it.
      "cache-control": "no-store",
      ...(unavailable
        ? { "retry-after": String(AUTH_UNAVAILABLE_RETRY_AFTER_SECONDS) }
        : { "www-authenticate": challenge(failure) }),
    },
  });
}

export interface Authentication {
  plugin: Plugin;
  /** The Caller of a request the plugin let through; undefined for exempt requests. */
  callerOf(request: Request): Caller | undefined;
}

export function useAuthentication(options: AuthenticationOptions): Authentication {
  const callers = new WeakMap<Request, Caller>();
  async function authenticate(request: Request): Promise<Caller | AuthFailure> {
    try {
      return await options.authenticate(request);
    } catch (error) {
      if (error instanceof AuthFailure) {
        if (error.kind === "unavailable")
          options.logError(`Authentication: ${error.message}`, error.cause);
        return error;
      }
      options.logError("Authentication failed unexpectedly:", error);
      return new AuthFailure("unavailable", "The gateway could not check the credential.");
    }
  }
  return {
    plugin: {
      async onRequest({ request, fetchAPI, endResponse }) {
        if (request.method === "OPTIONS" || options.isExempt(request)) return;
        const outcome = await authenticate(request);
        if (outcome instanceof AuthFailure) endResponse(refusal(fetchAPI, outcome));
        else callers.set(request, outcome);
      },
    },
    callerOf: (request) => callers.get(request),
  };
}
