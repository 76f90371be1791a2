/**
 * AUTH_MODE=apikey: static keys for services, sent as `x-api-key: <key>` or
 * `Authorization: Bearer <key>`. The gateway holds only each key's SHA-256 digest (a leaked key
 * file grants nothing), and compares digests in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import {
  type Authenticate,
  bearerToken,
  invalidCredential,
  missingCredential,
} from "./authenticate.js";
import { type Caller, SCOPES, type Scope } from "./caller.js";

export interface ApiKeyEntry {
  name: string;
  /** The key's SHA-256 digest (32 bytes). */
  digest: Buffer;
  scopes: Scope[];
  regions?: string[];
  accounts?: string[];
}

export const API_KEY_HEADER = "x-api-key";

const SHA256_HEX = /^[0-9a-f]{64}$/i;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const ACCOUNT_ID = /^\d{12}$/;
const ENTRY_FIELDS = new Set(["name", "sha256", "scopes", "regions", "accounts"]);
/** Far longer than any generated key; longer values are refused before hashing. */
const MAX_KEY_CHARS = 512;

export function sha256Hex(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** A new random key (256 bits, base64url) and the digest to put in the key file. */
export function newApiKey(): { key: string; sha256: string } {
  const key = randomBytes(32).toString("base64url");
  return { key, sha256: sha256Hex(key) };
}

function stringList(
  value: unknown,
  label: string,
  pattern: RegExp | undefined,
  what: string,
  problems: string[],
): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
    problems.push(`${label} must be an array of strings`);
    return [];
  }
  for (const item of value) {
    if (pattern && !pattern.test(item)) problems.push(`${label}: "${item}" is not ${what}`);
  }
  return [...new Set(value)];
}

function parseEntry(raw: unknown, index: number, problems: string[]): ApiKeyEntry | undefined {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    problems.push(`entry ${index} must be an object {"name", "sha256", "scopes"}`);
    return undefined;
  }
  const entry = raw as Record<string, unknown>;
  const name = typeof entry.name === "string" ? entry.name.trim() : "";
  const label = name ? `key "${name}"` : `entry ${index}`;
  if (!name) problems.push(`entry ${index} needs a "name" (used in logs)`);
  for (const field of Object.keys(entry)) {
    if (!ENTRY_FIELDS.has(field)) {
      problems.push(
        `${label}: unknown field "${field}" (known: ${[...ENTRY_FIELDS].join(", ")}); keys are given as "sha256" digests, never in plain text`,
      );
    }
  }
  const sha256 = typeof entry.sha256 === "string" ? entry.sha256 : "";
  if (!SHA256_HEX.test(sha256)) {
    problems.push(`${label}: "sha256" must be the key's SHA-256 digest, 64 hex characters`);
  }
  const scopes = stringList(entry.scopes, `${label}: "scopes"`, undefined, "", problems);
  for (const scope of scopes) {
    if (!SCOPES.includes(scope as Scope)) {
      problems.push(`${label}: unknown scope "${scope}" (known: ${SCOPES.join(", ")})`);
    }
  }
  const parsed: ApiKeyEntry = {
    name,
    digest: Buffer.from(SHA256_HEX.test(sha256) ? sha256 : "", "hex"),
    scopes: scopes.filter((scope): scope is Scope => SCOPES.includes(scope as Scope)),
  };
  if (entry.regions !== undefined) {
    parsed.regions = stringList(
      entry.regions,
      `${label}: "regions"`,
      REGION,
      "an AWS region name",
      problems,
    );
  }
  if (entry.accounts !== undefined) {
    parsed.accounts = stringList(
      entry.accounts,
      `${label}: "accounts"`,
      ACCOUNT_ID,
      "a 12-digit account id",
      problems,
    );
  }
  return parsed;
}

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) repeated.add(value);
    seen.add(value);
  }
  return [...repeated];
}

/**
 * The key file's entries, or every problem found in it. Unknown scopes and fields are problems
 * here (unlike unknown scopes in a token): the file is the operator's own, and a misspelt
 * `"acounts"` would silently drop a restriction.
 */
export function parseApiKeys(text: string): { entries: ApiKeyEntry[]; problems: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { entries: [], problems: [`not JSON (${(error as Error).message})`] };
  }
  if (!Array.isArray(raw)) {
    return { entries: [], problems: ['must be a JSON array of {"name", "sha256", "scopes"}'] };
  }
  if (raw.length === 0) return { entries: [], problems: ["lists no keys"] };
  const problems: string[] = [];
  const entries = raw
    .map((entry, index) => parseEntry(entry, index, problems))
    .filter((entry): entry is ApiKeyEntry => entry !== undefined);
  for (const name of duplicates(entries.map((entry) => entry.name).filter(Boolean))) {
    problems.push(`the name "${name}" is used by more than one key`);
  }
  const digests = entries
    .filter((entry) => entry.digest.length > 0)
    .map((entry) => entry.digest.toString("hex"));
  if (duplicates(digests).length > 0) problems.push("the same sha256 is listed more than once");
  return { entries, problems };
}

/** The key a request presents, from `x-api-key` or a bearer `Authorization` header. */
function presentedKey(request: Request): string {
  const header = request.headers.get(API_KEY_HEADER);
  const bearer = bearerToken(request);
  if (header !== null && bearer !== undefined) {
    throw invalidCredential(
      `Send the API key in one header, ${API_KEY_HEADER} or Authorization, not both.`,
    );
  }
  const key = header ?? bearer;
  if (key === undefined || key === "") {
    throw missingCredential(
      `Authentication required: send the API key as \`${API_KEY_HEADER}: <key>\` or \`Authorization: Bearer <key>\`.`,
    );
  }
  return key;
}

/**
 * The entry whose digest is the key's. Every entry is compared, whichever matches, and each
 * comparison takes the same time (crypto.timingSafeEqual over fixed-length digests), so the
 * answer's timing says nothing about how close a guess was or which entry it matched.
 */
export function findKey(entries: readonly ApiKeyEntry[], key: string): ApiKeyEntry | undefined {
  const digest = createHash("sha256").update(key, "utf8").digest();
  let found: ApiKeyEntry | undefined;
  for (const entry of entries) {
    // Lengths differ only for a malformed entry, which the configuration refuses at start-up.
    if (entry.digest.length !== digest.length) continue;
    if (timingSafeEqual(entry.digest, digest) && found === undefined) found = entry;
  }
  return found;
}

function callerOf(entry: ApiKeyEntry): Caller {
  return {
    name: entry.name,
    scopes: new Set(entry.scopes),
    ...(entry.regions ? { regions: entry.regions } : {}),
    ...(entry.accounts ? { accounts: entry.accounts } : {}),
  };
}

export function createApiKeyAuthenticator(entries: readonly ApiKeyEntry[]): Authenticate {
  const callers = new Map(entries.map((entry) => [entry, callerOf(entry)]));
  return async (request) => {
    const key = presentedKey(request);
    const entry = key.length <= MAX_KEY_CHARS ? findKey(entries, key) : undefined;
    if (!entry) throw invalidCredential("The API key is not valid.");
    return callers.get(entry) as Caller;
  };
}
