/**
 * AUTH_MODE=jwt: bearer tokens signed by an identity provider, verified with `jose`
 * (https://github.com/panva/jose) against the provider's JWKS or a public key file.
 *
 * Only asymmetric signatures are accepted: with a public key, an HMAC algorithm would let anyone
 * who knows that (public) key sign tokens, and `alg: none` is no signature at all. A token must
 * carry `exp`; `iss` and `aud` must be the configured ones; `nbf`/`exp` are checked with a
 * bounded clock tolerance.
 */
import type { KeyObject } from "node:crypto";
import {
  createRemoteJWKSet,
  errors,
  type JWSHeaderParameters,
  type JWTPayload,
  jwtVerify,
} from "jose";
import {
  type Authenticate,
  AuthFailure,
  bearerToken,
  invalidCredential,
  missingCredential,
} from "./authenticate.js";
import { type Caller, SCOPES, type Scope } from "./caller.js";

/** Every JWS algorithm with a public verification key (RFC 7518 §3.1, RFC 8037, RFC 9864). */
export const ASYMMETRIC_ALGORITHMS = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
  "Ed25519",
];

/** Claims a token may carry to limit its caller to some regions and member accounts. */
export const REGIONS_CLAIM = "guardduty:regions";
export const ACCOUNTS_CLAIM = "guardduty:accounts";

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const ACCOUNT_ID = /^\d{12}$/;

export type JwtKeySource =
  | { kind: "jwks"; url: string }
  | { kind: "file"; path: string; key: KeyObject };

export interface JwtSettings {
  keys: JwtKeySource;
  issuer: string;
  /** Any one of these must be among the token's `aud`. */
  audience: string[];
  /** Seconds of clock difference tolerated on `exp` and `nbf`. */
  clockToleranceS: number;
  /** The claim holding the scopes (a space-separated string or an array of strings). */
  scopesClaim: string;
}

type KeyResolver = (header: JWSHeaderParameters) => Promise<CryptoKey | KeyObject>;

/**
 * A JWKS fetched when first needed, cached (jose refetches it after ten minutes, or at most
 * every 30 seconds when a token names a key id it does not hold, so rotated keys are picked up
 * and unknown ids cannot make it fetch on every request). A failure to fetch it is the
 * gateway's problem, not the token's, and is reported as such.
 */
function remoteKeys(url: string): KeyResolver {
  const jwks = createRemoteJWKSet(new URL(url), { timeoutDuration: 5_000 });
  return async (header) => {
    try {
      return await jwks(header);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey) {
        throw invalidCredential("The token's signing key (kid) is not one the issuer publishes.");
      }
      if (error instanceof errors.JWKSMultipleMatchingKeys) {
        throw invalidCredential("The token names no key id and the issuer publishes several keys.");
      }
      throw new AuthFailure("unavailable", "The gateway cannot fetch the keys to check tokens.", {
        cause: error,
      });
    }
  };
}

/** Node names curves as OpenSSL does: P-256, P-384 and P-521 of RFC 7518 §3.4. */
const EC_ALGORITHMS: Record<string, string> = {
  prime256v1: "ES256",
  secp384r1: "ES384",
  secp521r1: "ES512",
};

/**
 * The algorithms a public key can verify. Handing `jose` a token whose algorithm does not suit
 * the key would fail as a usage error rather than a refusal, so such tokens are refused by the
 * algorithm list instead. (A JWKS needs no such list: jose picks keys by `alg` and `kid`.)
 */
export function algorithmsForKey(key: KeyObject): string[] {
  switch (key.asymmetricKeyType) {
    case "rsa":
      return ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"];
    case "rsa-pss":
      return ["PS256", "PS384", "PS512"];
    case "ec": {
      const alg = EC_ALGORITHMS[key.asymmetricKeyDetails?.namedCurve ?? ""];
      return alg ? [alg] : [];
    }
    case "ed25519":
      return ["EdDSA", "Ed25519"];
    default:
      return [];
  }
}

function keyResolver(source: JwtKeySource): { resolve: KeyResolver; algorithms: string[] } {
  if (source.kind === "jwks") {
    return { resolve: remoteKeys(source.url), algorithms: ASYMMETRIC_ALGORITHMS };
  }
  const { key } = source;
  return { resolve: async () => key, algorithms: algorithmsForKey(key) };
}

/** What a failed verification tells the client: which check failed, never the token. */
function explain(error: unknown, acceptedAlgorithms: string): AuthFailure {
  if (error instanceof AuthFailure) return error;
  if (error instanceof errors.JWTExpired) return invalidCredential("The token has expired.");
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case "nbf":
        return invalidCredential("The token is not valid yet (nbf).");
      case "iat":
        return invalidCredential("The token's issue time (iat) is in the future or malformed.");
      case "iss":
        return invalidCredential("The token's issuer (iss) is not accepted.");
      case "aud":
        return invalidCredential("The token's audience (aud) is not accepted.");
      case "exp":
        return invalidCredential("The token has no valid expiry (exp).");
      default:
        return invalidCredential(`The token's ${error.claim} claim is not valid.`);
    }
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return invalidCredential(
      `The token's signing algorithm is not accepted (${acceptedAlgorithms}).`,
    );
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return invalidCredential("The token's signature does not verify.");
  }
  if (error instanceof errors.JOSEError) return invalidCredential("The token is malformed.");
  // Anything else (a bug, a key of the wrong kind) is not the caller's to know about.
  return new AuthFailure("unavailable", "The gateway could not check the token.", {
    cause: error,
  });
}

function words(value: unknown): string[] | undefined {
  if (typeof value === "string") return value.split(" ").filter(Boolean);
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return value;
  return undefined;
}

/** Scopes the gateway knows; others (the provider's `openid`, `profile`...) are ignored. */
export function scopesFrom(payload: JWTPayload, claim: string): Set<Scope> {
  const value = payload[claim];
  if (value === undefined) return new Set();
  const granted = words(value);
  if (!granted) {
    throw invalidCredential(
      `The token's ${claim} claim must be a space-separated string or an array of strings.`,
    );
  }
  return new Set(SCOPES.filter((scope) => granted.includes(scope)));
}

/**
 * A restriction claim: absent means none; otherwise every entry must be well formed. A
 * malformed one refuses the token rather than being dropped, since dropping entries of a
 * restriction could only ever be read as a different restriction.
 */
function restriction(
  payload: JWTPayload,
  claim: string,
  pattern: RegExp,
  what: string,
): string[] | undefined {
  const value = payload[claim];
  if (value === undefined) return undefined;
  const entries = words(value);
  if (!entries?.every((entry) => pattern.test(entry))) {
    throw invalidCredential(`The token's ${claim} claim must list ${what}.`);
  }
  return [...new Set(entries)];
}

export function callerFromClaims(payload: JWTPayload, scopesClaim: string): Caller {
  const regions = restriction(payload, REGIONS_CLAIM, REGION, "AWS region names");
  const accounts = restriction(payload, ACCOUNTS_CLAIM, ACCOUNT_ID, "12-digit AWS account ids");
  return {
    name: typeof payload.sub === "string" && payload.sub !== "" ? payload.sub : "unnamed token",
    scopes: scopesFrom(payload, scopesClaim),
    ...(regions ? { regions } : {}),
    ...(accounts ? { accounts } : {}),
  };
}

export function createJwtAuthenticator(settings: JwtSettings): Authenticate {
  const keys = keyResolver(settings.keys);
  const accepted = `accepted: ${keys.algorithms.join(", ")}`;
  return async (request) => {
    const token = bearerToken(request);
    if (token === undefined) {
      throw missingCredential("Authentication required: send `Authorization: Bearer <token>`.");
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys.resolve, {
        algorithms: keys.algorithms,
        issuer: settings.issuer,
        audience: settings.audience,
        clockTolerance: settings.clockToleranceS,
        requiredClaims: ["exp"],
      }));
    } catch (error) {
      throw explain(error, accepted);
    }
    return callerFromClaims(payload, settings.scopesClaim);
  };
}
