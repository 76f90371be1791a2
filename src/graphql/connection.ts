import type { Position, Slice } from "../aws/pagination.js";

/** A Relay connection result from a slice read over GuardDuty pages. */
export function toConnection<T, N>(
  slice: Slice<T>,
  after: Position | undefined,
  node: (item: T) => N,
) {
  return {
    edges: slice.edges.map((edge) => ({ cursor: edge.cursor, node: node(edge.item) })),
    pageInfo: {
      hasNextPage: slice.hasNextPage,
      // GuardDuty pages forward only; a slice read after a cursor has something before it.
      hasPreviousPage: after !== undefined,
      startCursor: slice.edges[0]?.cursor ?? null,
      endCursor: slice.endCursor,
    },
  };
}
