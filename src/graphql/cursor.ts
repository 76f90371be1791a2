/**
 * Relay cursors for positions in GuardDuty's paging (src/aws/pagination.ts): opaque to clients,
 * checked on the way back in, so a forged cursor is BAD_USER_INPUT before any call.
 */
import { PAGE_MAX_RESULTS, type Position } from "../aws/pagination.js";
import { badUserInput, quote } from "../errors.js";

export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify({ t: position.token ?? null, s: position.skip })).toString(
    "base64url",
  );
}

export function decodeCursor(cursor: string): Position {
  try {
    const raw = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as {
      t?: unknown;
      s?: unknown;
    };
    const skipOk =
      typeof raw.s === "number" &&
      Number.isInteger(raw.s) &&
      raw.s >= 0 &&
      raw.s <= PAGE_MAX_RESULTS;
    const tokenOk = raw.t === null || (typeof raw.t === "string" && raw.t.length > 0);
    if (skipOk && tokenOk)
      return { ...(raw.t ? { token: raw.t as string } : {}), skip: raw.s as number };
  } catch {
    // fall through to the error below
  }
  throw badUserInput(`"after" is not a cursor this API issued: ${quote(cursor)}`, {
    argumentName: "after",
  });
}
