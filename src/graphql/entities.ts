import {
  GraphQLError,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  isObjectType,
  isUnionType,
} from "graphql";
import { assertMayRead } from "../auth/scopes.js";
import type { Context } from "../context.js";
import { badUserInput, quote } from "../errors.js";
import { type LoadableRef, registerNodeType, resolveGlobalId } from "./global-id.js";

/** One `@key` of an entity: the representation field it reads and how that value is checked. */
interface EntityKey {
  field: string;
  /** Throws a coded error (BAD_USER_INPUT) when the value is malformed; never calls anything. */
  check: (value: string) => void;
}

/** The keys of every entity, filled while the type modules define the schema, read-only after. */
const entityKeys = new Map<string, EntityKey[]>();

/**
 * Declares a key of an entity so `_entities` can judge representations of it before resolving
 * any: the first of the type's keys present in a representation is the one it is resolved by.
 */
export function registerEntityKey(
  typename: string,
  field: string,
  check: (value: string) => void,
): void {
  entityKeys.set(typename, [...(entityKeys.get(typename) ?? []), { field, check }]);
}

/**
 * Federation entities are keyed by their Relay `id`: a router hands back the global id, which
 * is decoded, checked to be of the right type and loaded through the type's request loader (so
 * many references cost as few GuardDuty calls as any other lookup). Registering the type here
 * also makes it reachable through `node`/`nodes`.
 */
export function resolveByGlobalId<Shape>(
  typename: string,
  ref: LoadableRef,
  parse: (id: string) => string,
) {
  registerNodeType(typename, ref, parse);
  registerEntityKey(typename, "id", (id) => {
    if (id.length > MAX_GLOBAL_ID_LENGTH) throw badUserInput(`Malformed ${typename} id`);
    resolveGlobalId(id, typename);
  });
  return async ({ id }: { id: string }, context: Context): Promise<Shape> => {
    const { key } = resolveGlobalId(id, typename);
    // _entities has no field of its own per type: the scope is checked per representation.
    assertMayRead(context.caller, typename);
    return (await ref.getDataloader(context).load(key)) as Shape;
  };
}

/**
 * A router sends one `_entities` request for the references of a whole list; more than this in
 * one request is not a list a client asked for (ten pages of 50 findings). Enforced with the
 * other list bounds before execution (node-cost.ts, upstream-budget.ts).
 */
export const MAX_ENTITY_REPRESENTATIONS = 500;
/** Longer than any global id this API issues (region, detector id and a 300-character id). */
const MAX_GLOBAL_ID_LENGTH = 1_024;

/** Longer than any key value this API reads (a finding ARN is about 200 characters). */
const MAX_KEY_LENGTH = 2_048;

/**
 * Checks one representation completely, without loading anything: a plain object, a
 * `__typename` that is one of our entities, and one of that type's keys, well formed (a global
 * id of that type, a finding ARN, an account id). Returns the error for this representation,
 * or undefined when it may be resolved.
 */
function representationError(
  representation: unknown,
  entities: ReadonlySet<string>,
): GraphQLError | undefined {
  if (
    typeof representation !== "object" ||
    representation === null ||
    Array.isArray(representation)
  ) {
    return badUserInput("An entity representation must be an object with __typename and a key");
  }
  const fields = representation as Record<string, unknown>;
  const typename = fields.__typename;
  if (typeof typename !== "string" || !entities.has(typename)) {
    const named = typeof typename === "string" ? quote(typename) : "A missing __typename";
    return badUserInput(
      `${named} is not an entity of this subgraph (entities: ${[...entities].join(", ")})`,
    );
  }
  const keys = entityKeys.get(typename) ?? [];
  const key = keys.find((candidate) => fields[candidate.field] !== undefined);
  const value = key && fields[key.field];
  if (!key || typeof value !== "string" || value.length > MAX_KEY_LENGTH) {
    const names = keys.map((candidate) => candidate.field).join(" or ");
    return badUserInput(`A ${typename} representation needs its ${names} (a string)`);
  }
  try {
    key.check(value);
    return undefined;
  } catch (error) {
    return error instanceof GraphQLError
      ? error
      : badUserInput(`Malformed ${typename} ${key.field}`);
  }
}

type Resolver = GraphQLFieldResolver<unknown, Context>;

/** Resolves one representation on its own, so its failure can never abandon another's. */
function resolveOne(
  resolve: Resolver,
  source: unknown,
  representation: unknown,
  context: Context,
  info: Parameters<Resolver>[3],
): unknown {
  try {
    const [result] = resolve(source, { representations: [representation] }, context, info) as [
      unknown,
    ];
    return result;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * `_entities` as @apollo/subgraph builds it maps the representations and throws on the first
 * unknown `__typename`, abandoning the lookups already started for earlier ones (an unhandled
 * rejection). Here every representation is validated first; each invalid one becomes a coded
 * error at its own index (graphql-js turns an Error list item into null plus a located error)
 * and the valid ones resolve, batched through the request's loaders as before.
 */
export function guardEntities(schema: GraphQLSchema): GraphQLSchema {
  const field = schema.getQueryType()?.getFields()._entities;
  const union = schema.getType("_Entity");
  if (!field?.resolve || !isUnionType(union)) return schema;
  const entities = new Set(
    union
      .getTypes()
      .filter(isObjectType)
      .map((type) => type.name),
  );
  const resolve = field.resolve as Resolver;
  field.resolve = (source, args: { representations?: unknown }, context: Context, info) => {
    const representations = args.representations;
    if (!Array.isArray(representations)) throw badUserInput("representations must be a list");
    const errors = representations.map((representation) =>
      representationError(representation, entities),
    );
    return representations.map(
      (representation, index) =>
        errors[index] ?? resolveOne(resolve, source, representation, context, info),
    );
  };
  return schema;
}
