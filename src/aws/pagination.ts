/**
 * Relay-style slices over GuardDuty's nextToken paging. Every item comes with its position,
 * "the page that starts at token T, after its first S items", so a client can resume from any
 * edge, not only from page ends (the GraphQL side turns positions into cursors).
 */
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

export interface FetchedPage<T> {
  items: T[];
  nextToken?: string;
}

export interface Slice<T> {
  /** Each item with the position just after it. */
  edges: { item: T; position: Position }[];
  hasNextPage: boolean;
  /** Where the next slice starts; null when nothing was read and nothing is left. */
  end: Position | null;
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
      edges.push({ item, position: { ...position, skip: position.skip + index + 1 } });
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
    end: edges.length > 0 || position.token ? position : null,
  };
}
