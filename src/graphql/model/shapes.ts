/**
 * GuardDuty's model as the SDK carries it at run time. `@aws-sdk/client-guardduty` exports one
 * Smithy schema per structure (`Finding$`, `Service$`, ...) and reads responses through them;
 * `NormalizedSchema` from `@smithy/core/schema` is the SDK's own reader of that format. This
 * module turns it into the few facts the schema generator and the coverage tests need: member
 * names, wire names, and what each member holds.
 */
import * as guardduty from "@aws-sdk/client-guardduty";
import { NormalizedSchema } from "@smithy/core/schema";

/** What a member holds. Map keys are strings throughout GuardDuty's model. */
export type Target =
  | { kind: "string" }
  | { kind: "number" }
  | { kind: "boolean" }
  | { kind: "timestamp" }
  | { kind: "structure"; shape: string }
  | { kind: "list"; item: Target }
  | { kind: "map"; value: Target };

export interface ShapeMember {
  /** The SDK's member name, the property name of its objects (PascalCase). */
  name: string;
  /** The member's JSON key on the wire (its `jsonName` trait, else its name). */
  wireName: string;
  target: Target;
}

export interface StructureShape {
  name: string;
  members: ShapeMember[];
}

const structures = new Map<string, StructureShape>();

/** The structure shape `name` (the SDK exports its schema as `${name}$`). */
export function structure(name: string): StructureShape {
  const cached = structures.get(name);
  if (cached) return cached;
  const schema = (guardduty as unknown as Record<string, unknown>)[`${name}$`];
  if (!schema) throw new Error(`@aws-sdk/client-guardduty exports no schema ${name}$`);
  const normalized = NormalizedSchema.of(schema as Parameters<typeof NormalizedSchema.of>[0]);
  if (!normalized.isStructSchema()) throw new Error(`${name} is not a structure`);
  const shape: StructureShape = {
    name,
    members: [...normalized.structIterator()].map(([member, memberSchema]) => ({
      name: member,
      wireName: String(memberSchema.getMergedTraits().jsonName ?? member),
      target: targetOf(memberSchema, `${name}.${member}`),
    })),
  };
  structures.set(name, shape);
  return shape;
}

function targetOf(schema: NormalizedSchema, where: string): Target {
  if (schema.isStructSchema()) {
    const shape = schema.getName();
    if (!shape) throw new Error(`${where}: structure without a name`);
    return { kind: "structure", shape };
  }
  if (schema.isListSchema())
    return { kind: "list", item: targetOf(schema.getValueSchema(), where) };
  if (schema.isMapSchema()) {
    if (!schema.getKeySchema().isStringSchema()) throw new Error(`${where}: map keys not strings`);
    return { kind: "map", value: targetOf(schema.getValueSchema(), where) };
  }
  if (schema.isTimestampSchema()) return { kind: "timestamp" };
  if (schema.isBooleanSchema()) return { kind: "boolean" };
  if (schema.isNumericSchema()) return { kind: "number" };
  if (schema.isStringSchema()) return { kind: "string" };
  throw new Error(`${where}: unsupported schema kind (blob, document or union)`);
}

/** The member's name in GraphQL by the one naming rule: its wire name in lower camel case. */
export function fieldNameOf(member: ShapeMember): string {
  return member.wireName.charAt(0).toLowerCase() + member.wireName.slice(1);
}

/** The structure a target ends in once lists and map values are looked through, if any. */
export function innerStructure(target: Target): string | undefined {
  if (target.kind === "structure") return target.shape;
  if (target.kind === "list") return innerStructure(target.item);
  if (target.kind === "map") return innerStructure(target.value);
  return undefined;
}

/** A leaf of the model below a root: the members walked to reach it, lists and maps looked through. */
export interface LeafPath {
  /** Pairs of (structure, member) from the root down to the leaf member. */
  steps: { shape: string; member: ShapeMember }[];
}

/** Every leaf member path below `root` (a structure met again on the same path is not re-entered). */
export function leafPaths(root: string): LeafPath[] {
  const paths: LeafPath[] = [];
  const walk = (shapeName: string, prefix: LeafPath["steps"], ancestors: string[]) => {
    for (const member of structure(shapeName).members) {
      const steps = [...prefix, { shape: shapeName, member }];
      const inner = innerStructure(member.target);
      if (inner && !ancestors.includes(inner)) walk(inner, steps, [...ancestors, inner]);
      else if (!inner) paths.push({ steps });
    }
  };
  walk(root, [], [root]);
  return paths;
}

/** "Service.Action.ActionType": a path in model member names, as the overlay tables spell it. */
export function memberKey(shape: string, member: string): string {
  return `${shape}.${member}`;
}
