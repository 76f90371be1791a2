import type { Position, Slice } from "../aws/pagination.js";
import { encodeCursor } from "./cursor.js";

/** A Relay connection result from a slice read over GuardDuty pages. */
export function toConnection<T, N>(
  slice: Slice<T>,
  after: Position | undefined,
  node: (item: T) => N,
) {
  const edges = slice.edges.map((edge) => ({
    cursor: encodeCursor(edge.position),
    node: node(edge.item),
  }));
  return {
    edges,
    pageInfo: {
      hasNextPage: slice.hasNextPage,
      // GuardDuty pages forward only; a slice read after a cursor has something before it.
      hasPreviousPage: after !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: slice.end ? encodeCursor(slice.end) : null,
    },
  };
}
