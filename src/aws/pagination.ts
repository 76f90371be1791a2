/**
 * Relay pagination over GuardDuty's nextToken paging. A cursor names a position as "the page
 * that starts at token T, after its first S items", so every edge has a cursor a client can
 * resume from, not only page ends.
 */
import { badUserInput, quote } from "../graphql/errors.js";

/** GuardDuty model: MaxResults 1-50 on the paginated operations used here. */
export const PAGE_MAX_RESULTS = 50;
/**
 * GuardDuty may answer a page with no items but a token. Those pages are followed, up to this
 * many calls per connection, instead of ending the connection early.
 */
export const MAX_CALLS_PER_CONNECTION = 10;

export interface Position {
  token?: string;
  skip: number;
}

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

export interface FetchedPage<T> {
  items: T[];
  nextToken?: string;
}

export interface Slice<T> {
  edges: { item: T; cursor: string }[];
  hasNextPage: boolean;
  endCursor: string | null;
}

/**
 * Reads `first` items after `after`. Asks for one item more than needed when it can, so
 * hasNextPage is known without an extra call; with 50 items and a token left, more results are
 * taken to exist (the service does not say otherwise without another call).
 */
export async function readSlice<T>(
  first: number,
  after: Position | undefined,
  fetchPage: (nextToken: string | undefined, maxResults: number) => Promise<FetchedPage<T>>,
): Promise<Slice<T>> {
  const edges: Slice<T>["edges"] = [];
  let position: Position = after ?? { skip: 0 };
  let hasNextPage = false;
  for (let calls = 0; calls < MAX_CALLS_PER_CONNECTION; calls += 1) {
    const wanted = first - edges.length;
    const maxResults = Math.min(PAGE_MAX_RESULTS, position.skip + wanted + 1);
    const page = await fetchPage(position.token, maxResults);
    const usable = page.items.slice(position.skip);
    const taken = usable.slice(0, wanted);
    taken.forEach((item, index) => {
      edges.push({ item, cursor: encodeCursor({ ...position, skip: position.skip + index + 1 }) });
    });
    const consumed: Position = { ...position, skip: position.skip + taken.length };
    if (usable.length > taken.length) {
      position = consumed;
      hasNextPage = true;
      break;
    }
    if (!page.nextToken) {
      position = consumed;
      break;
    }
    position = { token: page.nextToken, skip: 0 };
    if (edges.length === first) {
      hasNextPage = true;
      break;
    }
    if (calls === MAX_CALLS_PER_CONNECTION - 1) hasNextPage = true;
  }
  return {
    edges,
    hasNextPage,
    endCursor: edges.length > 0 || position.token ? encodeCursor(position) : null,
  };
}
