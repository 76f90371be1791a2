/**
 * GuardDuty's Finding as the SDK models it, read from the run-time Smithy schema that
 * @aws-sdk/client-guardduty exports (`Finding$`), and a walk of SDK output along that schema.
 *
 * The schema encoding is @smithy/types' `StaticSchema`: a simple type is a number (0 string,
 * 1 numeric, 2 boolean, 4-7 timestamp, 15 document, 21 blob; plus 64 for "list of", 128 for
 * "map of"); anything else is a tuple whose first element is its kind (0 simple, 1 list, 2 map,
 * 3 structure, 4 union). A member is `[schemaRef, traits]`, where traits may carry `jsonName`
 * (the wire name) and a schemaRef may be a thunk (`() => Resource$`).
 */
import { Finding$ } from "@aws-sdk/client-guardduty";

const LIST_OF = 64;
const MAP_OF = 128;
const SIMPLE_KINDS: Record<number, LeafKind> = {
  0: "string",
  1: "number",
  2: "boolean",
  4: "timestamp",
  5: "timestamp",
  6: "timestamp",
  7: "timestamp",
  15: "document",
  21: "blob",
};
const SCHEMA_LIST = 1;
const SCHEMA_MAP = 2;
const SCHEMA_STRUCTURE = 3;
const SCHEMA_UNION = 4;

export type LeafKind = "string" | "number" | "boolean" | "timestamp" | "document" | "blob";

export interface ModelLeaf {
  /** Wire (jsonName) segments joined by dots; `[]` marks a list, `{}` a map on the way. */
  path: string;
  kind: LeafKind;
}

type Resolved = number | readonly unknown[];

function resolve(ref: unknown): Resolved {
  const schema = typeof ref === "function" ? (ref as () => unknown)() : ref;
  if (typeof schema === "number" || Array.isArray(schema)) return schema;
  throw new TypeError(`unexpected schema reference ${String(schema)}`);
}

/** A list's or map's value and a structure's members are `[schemaRef, traits]` pairs. */
function memberRef(member: unknown): { ref: unknown; jsonName?: string } {
  if (Array.isArray(member) && member.length === 2) {
    const traits = member[1] as { jsonName?: string } | number;
    const jsonName = typeof traits === "object" && traits !== null ? traits.jsonName : undefined;
    return jsonName ? { ref: member[0], jsonName } : { ref: member[0] };
  }
  return { ref: member };
}

/**
 * Visits every leaf of the schema at `ref` together with the value found there, following the
 * SDK's own member names through `value` and the wire names into the reported path.
 */
function walk(
  ref: unknown,
  value: unknown,
  path: string,
  onLeaf: (leaf: ModelLeaf, value: unknown) => void,
  shapes: readonly string[],
): void {
  const schema = resolve(ref);
  if (typeof schema === "number") {
    walkSimple(schema, value, path, onLeaf);
    return;
  }
  const kind = schema[0] as number;
  if (kind === SCHEMA_LIST) {
    const items = Array.isArray(value) ? value : [undefined];
    for (const item of items) walk(memberRef(schema[4]).ref, item, `${path}[]`, onLeaf, shapes);
    return;
  }
  if (kind === SCHEMA_MAP) {
    const entries = isObject(value) ? Object.values(value) : [];
    for (const entry of entries.length > 0 ? entries : [undefined]) {
      walk(memberRef(schema[5]).ref, entry, `${path}{}`, onLeaf, shapes);
    }
    return;
  }
  if (kind === SCHEMA_STRUCTURE || kind === SCHEMA_UNION) {
    const name = schema[2] as string;
    // No GuardDuty shape under Finding refers back to itself; stop rather than loop if one does.
    if (shapes.includes(name)) throw new Error(`recursive shape ${name} at ${path}`);
    const names = schema[4] as string[];
    const members = schema[5] as unknown[];
    const object = isObject(value) ? value : undefined;
    names.forEach((member, index) => {
      const { ref: memberSchema, jsonName } = memberRef(members[index]);
      const wire = jsonName ?? member;
      walk(memberSchema, object?.[member], path ? `${path}.${wire}` : wire, onLeaf, [
        ...shapes,
        name,
      ]);
    });
    return;
  }
  // A simple schema with traits: [0, namespace, name, traits, simpleType].
  walk(schema[4], value, path, onLeaf, shapes);
}

function walkSimple(
  schema: number,
  value: unknown,
  path: string,
  onLeaf: (leaf: ModelLeaf, value: unknown) => void,
): void {
  const base = schema & ~(LIST_OF | MAP_OF);
  const kind = SIMPLE_KINDS[base];
  if (!kind) throw new Error(`unknown simple schema ${schema} at ${path}`);
  if (schema & LIST_OF) {
    const items = Array.isArray(value) ? value : [undefined];
    for (const item of items) onLeaf({ path: `${path}[]`, kind }, item);
  } else if (schema & MAP_OF) {
    const entries = isObject(value) ? Object.values(value) : [];
    for (const entry of entries.length > 0 ? entries : [undefined]) {
      onLeaf({ path: `${path}{}`, kind }, entry);
    }
  } else {
    onLeaf({ path, kind }, value);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Every leaf member path reachable from the SDK's Finding shape, in model order. */
export function findingLeaves(): ModelLeaf[] {
  const leaves = new Map<string, ModelLeaf>();
  walk(Finding$, undefined, "", (leaf) => leaves.set(leaf.path, leaf), []);
  return [...leaves.values()];
}

/** A value a reader would call present: not absent, and not an empty string. */
function isPopulated(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}

/**
 * Adds to `into` the leaf paths that hold a value in any of `findings` (SDK output objects, so
 * whatever the SDK's deserializer dropped is not counted).
 */
export function populatedPaths(
  findings: readonly unknown[],
  into: Set<string> = new Set(),
): Set<string> {
  for (const finding of findings) {
    walk(
      Finding$,
      finding,
      "",
      (leaf, value) => {
        if (isPopulated(value)) into.add(leaf.path);
      },
      [],
    );
  }
  return into;
}

/**
 * The values a dotted criteria attribute (`resource.s3BucketDetails.name`) names in an SDK output
 * Finding, read along the model: each segment is a member's wire name compared without case (the
 * documented criteria spell a few members `hostIpc` or `loginAttributes` where the wire has
 * `hostIPC` or `LoginAttributes`), lists are crossed without an index, Dates become epoch
 * milliseconds. `undefined` when the model has no such member.
 */
export function modelValuesAt(finding: unknown, attribute: string): unknown[] | undefined {
  const segments = attribute.split(".");
  const out: unknown[] = [];
  const found = follow(Finding$, finding, segments, 0, out);
  return found ? out : undefined;
}

function follow(
  ref: unknown,
  value: unknown,
  segments: readonly string[],
  depth: number,
  out: unknown[],
): boolean {
  const schema = resolve(ref);
  if (typeof schema === "number") {
    if (depth < segments.length) return false;
    if (schema & MAP_OF) return false;
    const items = schema & LIST_OF ? (Array.isArray(value) ? value : []) : [value];
    for (const item of items) {
      if (item instanceof Date) out.push(item.getTime());
      else if (item !== undefined && item !== null) out.push(item);
    }
    return true;
  }
  const kind = schema[0] as number;
  if (kind === SCHEMA_LIST) {
    const element = memberRef(schema[4]).ref;
    const items = Array.isArray(value) ? value : [];
    if (items.length === 0) return follow(element, undefined, segments, depth, out);
    let known = false;
    for (const item of items) known = follow(element, item, segments, depth, out) || known;
    return known;
  }
  if (kind === SCHEMA_STRUCTURE || kind === SCHEMA_UNION) {
    const segment = (segments[depth] ?? "").toLowerCase();
    const names = schema[4] as string[];
    const members = schema[5] as unknown[];
    const index = names.findIndex((member, i) => {
      const wire = memberRef(members[i]).jsonName ?? member;
      return wire.toLowerCase() === segment;
    });
    if (index === -1 || depth >= segments.length) return false;
    const object = isObject(value) ? value : undefined;
    const member = names[index] as string;
    return follow(memberRef(members[index]).ref, object?.[member], segments, depth + 1, out);
  }
  if (kind === SCHEMA_MAP) return false;
  return follow(schema[4], value, segments, depth, out);
}
