/**
 * From a model path to its GraphQL path: the naming rule, the overlay's renames and hand-written
 * fields, maps as lists of entries. The coverage test uses it to prove every member of the
 * model is reachable, the round-trip test to compare the SDK's values with the gateway's.
 */
import {
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  isLeafType,
  isObjectType,
} from "graphql";
import { generatedFieldName } from "./generate.js";
import { HAND_WRITTEN, type HandWritten } from "./overlay.js";
import { type LeafPath, memberKey, type ShapeMember, type Target } from "./shapes.js";

/** How GraphQL exposes one member: its field, and for hand-written ones how it shows it. */
export function graphqlFieldOf(
  shape: string,
  member: ShapeMember,
): { field: string; handWritten?: HandWritten } {
  const handWritten = HAND_WRITTEN[memberKey(shape, member.name)];
  if (handWritten) return { field: handWritten.field, handWritten };
  return { field: generatedFieldName(shape, member) };
}

/** Names of a map entry's fields (key and value, unless a hand-written field says otherwise). */
export function entryFieldsOf(handWritten: HandWritten | undefined): {
  key: string;
  value: string;
} {
  return handWritten?.entry ?? { key: "key", value: "value" };
}

function objectField(type: GraphQLObjectType, name: string) {
  return type.getFields()[name];
}

/**
 * Follows a member's target from the GraphQL field that holds it: maps through their entries'
 * value fields. Returns the object type to continue in (for a structure), "leaf" when the
 * target ends in a scalar that GraphQL shows as a leaf, or undefined when the shape differs.
 */
function follow(
  fieldType: GraphQLOutputType,
  target: Target,
  entry: { key: string; value: string },
  path: string[],
): GraphQLObjectType | "leaf" | undefined {
  const named = getNamedType(fieldType);
  if (target.kind === "list") return follow(fieldType, target.item, entry, path);
  if (target.kind === "map") {
    if (!isObjectType(named)) return undefined;
    const key = objectField(named, entry.key);
    const value = objectField(named, entry.value);
    if (!key || !isLeafType(getNamedType(key.type)) || !value) return undefined;
    path.push(`{${entry.key} ${entry.value}}`);
    return follow(value.type, target.value, { key: "key", value: "value" }, path);
  }
  if (target.kind === "structure") return isObjectType(named) ? named : undefined;
  return isLeafType(named) ? "leaf" : undefined;
}

/**
 * The GraphQL path that reaches a leaf of the model from `rootType` (e.g.
 * "service.actionDetails.awsApiCallAction.api"), or undefined when the schema does not reach it.
 */
export function graphqlPathOf(
  schema: GraphQLSchema,
  rootType: string,
  leaf: LeafPath,
): string | undefined {
  let type = schema.getType(rootType);
  const path: string[] = [];
  for (let index = 0; index < leaf.steps.length; index += 1) {
    const step = leaf.steps[index] as LeafPath["steps"][number];
    if (!type || !isObjectType(type)) return undefined;
    const { field, handWritten } = graphqlFieldOf(step.shape, step.member);
    const graphqlField = objectField(type, field);
    if (!graphqlField) return undefined;
    path.push(field);
    if (handWritten?.via) {
      // A structure shown as one value: the rest of the model path must be exactly `via`.
      const rest = leaf.steps.slice(index + 1).map((next) => next.member.name);
      const shown = isLeafType(getNamedType(graphqlField.type));
      return shown && rest.join(".") === handWritten.via ? path.join(".") : undefined;
    }
    const next = follow(graphqlField.type, step.member.target, entryFieldsOf(handWritten), path);
    if (next === undefined) return undefined;
    if (next === "leaf") return index === leaf.steps.length - 1 ? path.join(".") : undefined;
    type = next;
  }
  return undefined;
}
