/**
 * What every authentication mode shares: the function that turns a request into a Caller, the
 * ways it can refuse, and reading the credential from the request's headers.
 */
import type { Caller } from "./caller.js";

/** Resolves to who is asking, or rejects with an AuthFailure. */
export type Authenticate = (request: Request) => Promise<Caller>;

/**
 * Why a request was refused. `missing` and `invalid` are the caller's to fix (HTTP 401);
 * `unavailable` means the gateway could not check the credential (the JWKS could not be
 * fetched: HTTP 503), which a caller must not mistake for a bad token and discard it.
 */
export type AuthFailureKind = "missing" | "invalid" | "unavailable";

/**
 * A refused request. The message is for the client and never quotes the credential; `cause`,
 * for the server log only, is what the gateway itself hit (a network error, say).
 */
export class AuthFailure extends Error {
  constructor(
    readonly kind: AuthFailureKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "AuthFailure";
  }
}

export function missingCredential(message: string): AuthFailure {
  return new AuthFailure("missing", message);
}

export function invalidCredential(message: string): AuthFailure {
  return new AuthFailure("invalid", message);
}

/** The scheme and its single token: `Authorization: Bearer <token>` (RFC 6750 §2.1). */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * The token of an `Authorization: Bearer` header; undefined when there is no such header. A
 * header that is there but not a single bearer token (another scheme, nothing after `Bearer`,
 * several values) is refused rather than ignored, so a client learns why it is not recognised.
 */
export function bearerToken(request: Request): string | undefined {
  const header = request.headers.get("authorization");
  if (header === null) return undefined;
  const match = BEARER.exec(header);
  if (!match) {
    throw invalidCredential(
      "The Authorization header is not a bearer credential; send `Authorization: Bearer <credential>`.",
    );
  }
  return match[1] as string;
}
