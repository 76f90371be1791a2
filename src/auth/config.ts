/**
 * The authentication part of the configuration: AUTH_* variables, and the key files they name
 * (read and checked at start-up, so a bad file stops the start with the others' problems).
 * src/config.ts passes the environment in; nothing here reads process.env.
 */
import { createPublicKey, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { commaList } from "../env-values.js";
import { isLoopbackAddress } from "../http/hosts.js";
import { type ApiKeyEntry, createApiKeyAuthenticator, parseApiKeys } from "./api-keys.js";
import type { Authenticate } from "./authenticate.js";
import { algorithmsForKey, createJwtAuthenticator, type JwtSettings } from "./jwt.js";

type Env = Readonly<Record<string, string | undefined>>;

export const AUTH_MODES = ["jwt", "apikey", "none"] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

export type AuthConfig =
  | { mode: "none" }
  | { mode: "jwt"; jwt: JwtSettings }
  | { mode: "apikey"; file: string; keys: ApiKeyEntry[] };

export const DEFAULT_CLOCK_TOLERANCE_S = 30;
/** Five minutes: beyond that an expired token stays usable long enough to matter. */
export const MAX_CLOCK_TOLERANCE_S = 300;
export const DEFAULT_SCOPES_CLAIM = "scope";
/** RSA keys shorter than this are refused by jose, and by NIST SP 800-131A. */
const MIN_RSA_BITS = 2048;

const JWT_VARIABLES = [
  "AUTH_JWKS_URL",
  "AUTH_JWT_PUBLIC_KEY_FILE",
  "AUTH_JWT_ISSUER",
  "AUTH_JWT_AUDIENCE",
  "AUTH_JWT_CLOCK_TOLERANCE_S",
  "AUTH_SCOPES_CLAIM",
] as const;
const APIKEY_VARIABLES = ["AUTH_API_KEYS_FILE"] as const;

/** The one line a start against AWS without AUTH_MODE fails with. */
export const AUTH_MODE_REQUIRED =
  "GUARDDUTY_UPSTREAM=aws needs AUTH_MODE: jwt (bearer tokens: AUTH_JWKS_URL or AUTH_JWT_PUBLIC_KEY_FILE, AUTH_JWT_ISSUER, AUTH_JWT_AUDIENCE), apikey (AUTH_API_KEYS_FILE) or none (anyone who reaches the port acts with the gateway's AWS credentials)";

type Report = (problem: string) => void;

function readText(report: Report, name: string, path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    report(`${name}: cannot read ${path} (${code})`);
    return undefined;
  }
}

/**
 * The JWKS must come over https, so nobody on the path can swap the keys; plain http is
 * accepted only from loopback (a local identity provider, tests).
 */
function jwksUrl(report: Report, raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    report(`AUTH_JWKS_URL: "${raw}" is not a URL`);
    return undefined;
  }
  const loopback = isLoopbackAddress(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    report(`AUTH_JWKS_URL must be an https URL (plain http only on loopback); got "${raw}"`);
    return undefined;
  }
  return url.href;
}

export function publicKeyProblem(key: KeyObject): string | undefined {
  if (algorithmsForKey(key).length === 0) {
    return `a ${key.asymmetricKeyType ?? "symmetric"} key cannot verify tokens here; give an RSA, EC (P-256, P-384, P-521) or Ed25519 public key`;
  }
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (bits !== undefined && bits < MIN_RSA_BITS) {
    return `an RSA key of ${bits} bits is too short (at least ${MIN_RSA_BITS})`;
  }
  return undefined;
}

function publicKeyFile(report: Report, path: string): KeyObject | undefined {
  const text = readText(report, "AUTH_JWT_PUBLIC_KEY_FILE", path);
  if (text === undefined) return undefined;
  if (text.includes("PRIVATE KEY")) {
    report(
      `AUTH_JWT_PUBLIC_KEY_FILE: ${path} holds a private key; give the gateway the public key only`,
    );
    return undefined;
  }
  let key: KeyObject;
  try {
    key = createPublicKey(text);
  } catch {
    report(`AUTH_JWT_PUBLIC_KEY_FILE: ${path} is not a PEM public key or certificate`);
    return undefined;
  }
  const problem = publicKeyProblem(key);
  if (problem) report(`AUTH_JWT_PUBLIC_KEY_FILE: ${path}: ${problem}`);
  return problem ? undefined : key;
}

function clockTolerance(report: Report, raw: string | undefined): number {
  if (raw === undefined || raw.trim() === "") return DEFAULT_CLOCK_TOLERANCE_S;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value > MAX_CLOCK_TOLERANCE_S) {
    report(
      `AUTH_JWT_CLOCK_TOLERANCE_S must be a whole number of seconds from 0 to ${MAX_CLOCK_TOLERANCE_S}; got "${raw}"`,
    );
    return DEFAULT_CLOCK_TOLERANCE_S;
  }
  return value;
}

function jwtConfig(report: Report, env: Env): AuthConfig {
  const url = env.AUTH_JWKS_URL?.trim();
  const file = env.AUTH_JWT_PUBLIC_KEY_FILE?.trim();
  if (!url === !file) {
    report("AUTH_MODE=jwt needs exactly one of AUTH_JWKS_URL or AUTH_JWT_PUBLIC_KEY_FILE");
  }
  const issuer = env.AUTH_JWT_ISSUER?.trim() ?? "";
  if (!issuer) report("AUTH_MODE=jwt needs AUTH_JWT_ISSUER (the tokens' iss)");
  const audience = commaList(env.AUTH_JWT_AUDIENCE);
  if (audience.length === 0) {
    report("AUTH_MODE=jwt needs AUTH_JWT_AUDIENCE (the tokens' aud; a comma list accepts any)");
  }
  const scopesClaim = env.AUTH_SCOPES_CLAIM?.trim() || DEFAULT_SCOPES_CLAIM;
  const clockToleranceS = clockTolerance(report, env.AUTH_JWT_CLOCK_TOLERANCE_S);
  const jwksHref = url ? jwksUrl(report, url) : undefined;
  const key = file && !url ? publicKeyFile(report, file) : undefined;
  const keys: JwtSettings["keys"] =
    key && file ? { kind: "file", path: file, key } : { kind: "jwks", url: jwksHref ?? "" };
  return { mode: "jwt", jwt: { keys, issuer, audience, clockToleranceS, scopesClaim } };
}

function apiKeyConfig(report: Report, env: Env): AuthConfig {
  const file = env.AUTH_API_KEYS_FILE?.trim() ?? "";
  if (!file) {
    report(
      'AUTH_MODE=apikey needs AUTH_API_KEYS_FILE (a JSON array of {"name", "sha256", "scopes"})',
    );
    return { mode: "apikey", file, keys: [] };
  }
  const text = readText(report, "AUTH_API_KEYS_FILE", file);
  if (text === undefined) return { mode: "apikey", file, keys: [] };
  const { entries, problems } = parseApiKeys(text);
  for (const problem of problems) report(`AUTH_API_KEYS_FILE ${file}: ${problem}`);
  return { mode: "apikey", file, keys: entries };
}

/**
 * Variables of another mode than the chosen one are refused rather than ignored: a gateway
 * started with AUTH_JWKS_URL but no AUTH_MODE would otherwise run open while looking secured.
 */
function strayVariables(report: Report, env: Env, mode: AuthMode): void {
  const stray = [
    ...(mode === "jwt" ? [] : JWT_VARIABLES),
    ...(mode === "apikey" ? [] : APIKEY_VARIABLES),
  ].filter((name) => env[name]?.trim());
  if (stray.length > 0) {
    report(
      `${stray.join(", ")} ${stray.length > 1 ? "are" : "is"} set but AUTH_MODE is ${mode}${env.AUTH_MODE?.trim() ? "" : " (the default against the sandbox)"}; set AUTH_MODE=${stray.some((name) => name === "AUTH_API_KEYS_FILE") ? "apikey" : "jwt"} or unset ${stray.length > 1 ? "them" : "it"}`,
    );
  }
}

/**
 * AUTH_MODE, required against AWS; against the sandbox it defaults to none (a local
 * playground with generated data), which the start-up banner says.
 */
export function loadAuthConfig(report: Report, env: Env, upstream: "sandbox" | "aws"): AuthConfig {
  const raw = env.AUTH_MODE?.trim().toLowerCase() ?? "";
  let mode: AuthMode = "none";
  if (raw === "" && upstream === "aws") {
    report(AUTH_MODE_REQUIRED);
    return { mode: "none" };
  }
  if (raw === "") {
    // The sandbox's default.
  } else if (AUTH_MODES.includes(raw as AuthMode)) {
    mode = raw as AuthMode;
  } else {
    report(`AUTH_MODE must be ${AUTH_MODES.join(", ")}; got "${env.AUTH_MODE}"`);
    return { mode: "none" };
  }
  strayVariables(report, env, mode);
  if (mode === "jwt") return jwtConfig(report, env);
  if (mode === "apikey") return apiKeyConfig(report, env);
  return { mode: "none" };
}

/** The gateway's `authenticate` option for a mode; undefined for none. */
export function authenticatorFor(config: AuthConfig): Authenticate | undefined {
  if (config.mode === "jwt") return createJwtAuthenticator(config.jwt);
  if (config.mode === "apikey") return createApiKeyAuthenticator(config.keys);
  return undefined;
}

/** The start-up banner's line about who may ask. */
export function authBanner(config: AuthConfig): string {
  switch (config.mode) {
    case "jwt": {
      const { keys, issuer, audience } = config.jwt;
      const from = keys.kind === "jwks" ? `JWKS ${keys.url}` : `public key ${keys.path}`;
      return `Authentication: JWT bearer tokens from ${issuer} for ${audience.join(", ")} (${from})`;
    }
    case "apikey":
      return `Authentication: API keys (${config.keys.length} in ${config.file})`;
    default:
      return "Authentication: OFF. Anyone who reaches the port acts with every scope (AUTH_MODE=none; set AUTH_MODE=jwt or apikey)";
  }
}
