import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { invalidParameter } from "./errors.js";

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** A result list: an array, or a typed array (finding positions) whose page is mapped after. */
export interface Sliceable<T> {
  readonly length: number;
  slice(start: number, end: number): ArrayLike<T>;
}

/** What a token carries: where it may be used and where the next page starts. */
interface TokenState {
  /**
   * Digest of the account, region, operation, detector and query (criteria, sort) it was issued
   * for: a digest, so a long criterion does not make a long token.
   */
  scope: string;
  offset: number;
}

// AES-256-GCM: the token is opaque to the caller and any change to it fails authentication.
const CIPHER = "aes-256-gcm";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Tokens that hold their own state, so the sandbox stores nothing per pagination: each token is
 * the encrypted (scope, offset) of the next page, and using it recomputes the result list (the
 * operations memoize that until the next change). Every page gets a fresh token (the offset
 * differs, and the JS SDK paginators loop forever on a repeated one), the last page gets none,
 * and a token only works in the scope it was issued for. A new Pager (reset, reseed) has a new
 * key, so earlier tokens stop working. As with the service, a page reflects the state when it
 * is asked for: a change between pages can shift later pages.
 */
export class Pager {
  private readonly key = randomBytes(32);

  page<T>(
    scope: string,
    nextToken: string | undefined,
    maxResults: number,
    compute: () => Sliceable<T>,
  ): Page<T> {
    const offset = nextToken ? this.open(nextToken, scope) : 0;
    const items = compute();
    const end = offset + maxResults;
    const page: Page<T> = { items: Array.from(items.slice(offset, end)) };
    if (end < items.length) page.nextToken = this.seal({ scope: digest(scope), offset: end });
    return page;
  }

  private seal(state: TokenState): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(CIPHER, this.key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(state), "utf8"), cipher.final()]);
    return Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url");
  }

  /** The offset a token resumes at; anything forged, stale or from another scope is refused. */
  private open(token: string, scope: string): number {
    const state = this.decrypt(token);
    if (
      !state ||
      state.scope !== digest(scope) ||
      !Number.isInteger(state.offset) ||
      state.offset < 0
    ) {
      throw invalidParameter("nextToken");
    }
    return state.offset;
  }

  private decrypt(token: string): TokenState | undefined {
    const raw = Buffer.from(token, "base64url");
    if (raw.length <= IV_BYTES + TAG_BYTES) return undefined;
    try {
      const decipher = createDecipheriv(CIPHER, this.key, raw.subarray(0, IV_BYTES));
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return JSON.parse(plain.toString("utf8")) as TokenState;
    } catch {
      return undefined;
    }
  }
}

function digest(scope: string): string {
  return createHash("sha256").update(scope).digest("base64url");
}
