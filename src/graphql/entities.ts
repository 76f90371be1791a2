import type { Context } from "../context.js";
import { badUserInput, quote } from "./errors.js";
import { decodeId } from "./global-id.js";

interface LoadableRef {
  getDataloader(context: Context): { load(key: string): Promise<unknown> };
}

/**
 * Federation entities are keyed by their Relay `id`: a router hands back the global id, which
 * is decoded, checked to be of the right type and loaded through the type's request loader (so
 * many references cost as few GuardDuty calls as any other lookup).
 */
export function resolveByGlobalId<Shape>(
  typename: string,
  ref: LoadableRef,
  parse: (id: string) => string,
) {
  return async ({ id }: { id: string }, context: Context): Promise<Shape> => {
    const decoded = decodeId(id);
    if (decoded.typename !== typename) throw badUserInput(`${quote(id)} is not a ${typename} id`);
    return (await ref.getDataloader(context).load(parse(decoded.id))) as Shape;
  };
}
