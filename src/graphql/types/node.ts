import { brandWithType } from "@pothos/core";
import { assertMayRead } from "../../auth/scopes.js";
import type { Context } from "../../context.js";
import { builder } from "../builder.js";
import { resolveGlobalId } from "../global-id.js";
import { NODES_MAX_IDS, nodesUpstream } from "../node-cost.js";
import { upstream } from "../upstream-cost.js";

/**
 * Loads one node by global id, or returns the coded error for that id alone. Relay's own
 * `nodes` parses every id before resolving any, so one malformed id used to fail the whole list.
 */
function loadNode(context: Context, globalId: string): Promise<unknown> | Error {
  try {
    const { typename, type, key } = resolveGlobalId(globalId);
    // Checked per id, before its loader sees it: one refused id does not refuse the list.
    assertMayRead(context.caller, typename);
    return type.ref
      .getDataloader(context)
      .load(key)
      .then((value) => {
        // The Node interface tells its concrete type from this brand (as Relay's resolver does).
        brandWithType(value, typename as never);
        return value;
      });
  } catch (error) {
    return error as Error;
  }
}

builder.queryField("nodes", (t) =>
  t.field({
    type: [builder.nodeInterfaceRef()],
    nullable: { list: false, items: true },
    description: `Objects by global id (at most ${NODES_MAX_IDS}), in the order asked. An id that is malformed, unknown or not found is a null item with an error at its index; the others still answer.`,
    listSize: { assumedSize: NODES_MAX_IDS },
    extensions: upstream(nodesUpstream),
    args: { ids: t.arg.idList({ required: true }) },
    // graphql-js turns an Error list item into a null with a located error; Pothos's types do
    // not model that, hence the cast.
    resolve: (_root, args, context) => args.ids.map((id) => loadNode(context, String(id))) as never,
  }),
);
