import { decodeGlobalID } from "@pothos/plugin-relay";
import type { Context } from "../context.js";
import { badUserInput } from "./errors.js";

/** Relay's decoder, with a malformed id reported as BAD_USER_INPUT like any other bad input. */
export function decodeId(globalID: string): { typename: string; id: string } {
  try {
    return decodeGlobalID(globalID);
  } catch {
    throw badUserInput(`${quoteId(globalID)} is not an id this API issued`);
  }
}

/** A client's id quoted in an error message, cut short: messages never echo long input. */
export function quoteId(id: string): string {
  return JSON.stringify(id.length > 40 ? `${id.slice(0, 40)}…` : id);
}

export interface LoadableRef {
  getDataloader(context: Context): { load(key: string): Promise<unknown> };
}

interface NodeType {
  ref: LoadableRef;
  /** The id part of a global id -> the type's loader key; throws a coded error when malformed. */
  parse: (id: string) => string;
}

/**
 * Every type that can be fetched by global id (Relay `node`/`nodes`, federation `_entities`),
 * with its request loader. Filled while the type modules define the schema, read-only after.
 */
const nodeTypes = new Map<string, NodeType>();

export function registerNodeType(
  typename: string,
  ref: LoadableRef,
  parse: (id: string) => string,
) {
  nodeTypes.set(typename, { ref, parse });
}

export function nodeTypeNames(): string[] {
  return [...nodeTypes.keys()];
}

/** Checks a global id completely without loading it: decodable, of a known (or the expected) type, well-formed key. */
export function resolveGlobalId(
  globalId: string,
  expected?: string,
): { typename: string; type: NodeType; key: string } {
  const decoded = decodeId(globalId);
  if (expected && decoded.typename !== expected)
    throw badUserInput(`${quoteId(globalId)} is not a ${expected} id`);
  const type = nodeTypes.get(decoded.typename);
  if (!type) throw badUserInput(`${quoteId(globalId)} is not an id this API issued`);
  return { typename: decoded.typename, type, key: type.parse(decoded.id) };
}
