import { decodeGlobalID } from "@pothos/plugin-relay";
import type { Context } from "../context.js";
import { badUserInput, quote } from "../errors.js";

/** Relay's decoder, with a malformed id reported as BAD_USER_INPUT like any other bad input. */
export function decodeId(globalID: string): { typename: string; id: string } {
  try {
    return decodeGlobalID(globalID);
  } catch {
    throw badUserInput(`${quote(globalID)} is not an id this API issued`);
  }
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
    throw badUserInput(`${quote(globalId)} is not a ${expected} id`);
  const type = nodeTypes.get(decoded.typename);
  if (!type) throw badUserInput(`${quote(globalId)} is not an id this API issued`);
  return { typename: decoded.typename, type, key: type.parse(decoded.id) };
}
