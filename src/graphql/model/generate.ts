/**
 * Writes Pothos object types for GuardDuty's output shapes from the SDK's model (shapes.ts), its
 * documentation (docs.ts) and the overlay tables (overlay.ts). `npm run codegen` runs it through
 * main.ts; test/schema/artifacts.test.ts fails when the committed files differ from its output.
 *
 * One rule names fields: the member's wire name in lower camel case. Every field is nullable and
 * every list answers `[]` when absent, because the SDK fills in nothing the service left out,
 * even for members the model calls required.
 */
import { createRequire } from "node:module";
import { type Doc, type ShapeDocs, sdkDocs } from "./docs.js";
import {
  DESCRIPTIONS,
  FIELD_NAMES,
  GENERATED_MODULES,
  type GeneratedModule,
  HAND_WRITTEN,
  INTEGERS,
  STRING_TIMES,
  TYPE_NAMES,
} from "./overlay.js";
import {
  fieldNameOf,
  innerStructure,
  memberKey,
  type ShapeMember,
  type StructureShape,
  structure,
  type Target,
} from "./shapes.js";

export interface GeneratedFile {
  file: string;
  content: string;
}

/** The GraphQL type name of a structure shape. */
export function typeNameOf(shape: string): string {
  return TYPE_NAMES[shape] ?? shape;
}

/** The GraphQL field name of a generated member: the naming rule unless the overlay renames it. */
export function generatedFieldName(shape: string, member: ShapeMember): string {
  return FIELD_NAMES[memberKey(shape, member.name)] ?? fieldNameOf(member);
}

function sdkVersion(): string {
  const manifest = createRequire(import.meta.url)("@aws-sdk/client-guardduty/package.json") as {
    version: string;
  };
  return manifest.version;
}

/** Structures a module generates: reachable from its roots through members the overlay leaves alone. */
function moduleStructures(module: GeneratedModule): StructureShape[] {
  const seen = new Map<string, StructureShape>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    const shape = structure(name);
    seen.set(name, shape);
    for (const member of generatedMembers(shape)) {
      const inner = innerStructure(member.target);
      if (inner) visit(inner);
    }
  };
  for (const root of module.records) {
    for (const member of generatedMembers(structure(root.shape))) {
      const inner = innerStructure(member.target);
      if (inner) visit(inner);
    }
  }
  for (const root of module.objects) visit(root);
  for (const root of module.records) {
    if (seen.has(root.shape)) throw new Error(`${root.shape} is both a record root and nested`);
  }
  return [...seen.values()];
}

function generatedMembers(shape: StructureShape): ShapeMember[] {
  return shape.members.filter((member) => !HAND_WRITTEN[memberKey(shape.name, member.name)]);
}

// --- Checks that the overlay still matches the model --------------------------------------------

function memberOf(key: string): { shape: StructureShape; member: ShapeMember } {
  const [shapeName = "", memberName = ""] = key.split(".");
  const shape = structure(shapeName);
  const member = shape.members.find((candidate) => candidate.name === memberName);
  if (!member) throw new Error(`overlay names ${key}, which the model does not have`);
  return { shape, member };
}

function checkOverlay(generated: ReadonlySet<string>): void {
  for (const shape of Object.keys(TYPE_NAMES)) {
    if (!generated.has(shape)) throw new Error(`TYPE_NAMES names ${shape}, which is not generated`);
  }
  for (const key of [...Object.keys(FIELD_NAMES), ...Object.keys(HAND_WRITTEN)]) memberOf(key);
  for (const key of STRING_TIMES) {
    if (memberOf(key).member.target.kind !== "string") throw new Error(`${key} is not a string`);
  }
  for (const key of INTEGERS) {
    if (memberOf(key).member.target.kind !== "number") throw new Error(`${key} is not a number`);
  }
  for (const key of Object.keys(DESCRIPTIONS)) {
    if (key.includes(".")) memberOf(key);
    else structure(key);
  }
  for (const [key, handWritten] of Object.entries(HAND_WRITTEN)) {
    let target = memberOf(key).member.target;
    for (const step of handWritten.via?.split(".") ?? []) {
      const inner = innerStructure(target);
      const next = inner && structure(inner).members.find((member) => member.name === step);
      if (!next) throw new Error(`${key}: via path ${handWritten.via} is not in the model`);
      target = next.target;
    }
  }
}

/** Shapes sharing one GraphQL type must look the same, or the type would lie about one of them. */
function checkSharedTypes(shapes: readonly StructureShape[]): void {
  const byType = new Map<string, StructureShape>();
  for (const shape of shapes) {
    const typeName = typeNameOf(shape.name);
    const other = byType.get(typeName);
    if (other && JSON.stringify(other.members) !== JSON.stringify(shape.members)) {
      throw new Error(`${other.name} and ${shape.name} share ${typeName} but differ`);
    }
    byType.set(typeName, shape);
  }
}

// --- Text of the generated module ---------------------------------------------------------------

interface Emitter {
  docs: Map<string, ShapeDocs>;
  /** GraphQL type names generated in this module. */
  local: Set<string>;
  /** Map entry types this module needs, by GraphQL name. */
  entries: Map<string, { tsType: string; fields: string }>;
  usesDateTime: boolean;
}

const quote = (text: string) => JSON.stringify(text);

function memberDoc(emitter: Emitter, shape: string, member: ShapeMember): Doc | undefined {
  return emitter.docs.get(shape)?.members.get(member.name);
}

function describeMember(emitter: Emitter, shape: string, member: ShapeMember): string {
  const key = memberKey(shape, member.name);
  const doc = memberDoc(emitter, shape, member);
  const description = DESCRIPTIONS[key] ?? doc?.summary;
  const parts = description ? [`description: ${quote(description)}`] : [];
  if (doc?.deprecated) parts.push(`deprecationReason: ${quote(doc.deprecated)}`);
  return parts.join(", ");
}

function describeShape(emitter: Emitter, shapes: readonly string[]): string | undefined {
  for (const shape of shapes) {
    const curated = DESCRIPTIONS[shape];
    if (curated) return curated;
  }
  return shapes.map((shape) => emitter.docs.get(shape)?.doc?.summary).find(Boolean);
}

function tsTypeOf(target: Target): string {
  switch (target.kind) {
    case "string":
      return "string";
    case "number":
      return "number";
    case "boolean":
      return "boolean";
    case "timestamp":
      return "Date";
    case "structure":
      return `Sdk.${target.shape}`;
    case "list":
      return `${tsTypeOf(target.item)}[]`;
    case "map":
      return `Record<string, ${tsTypeOf(target.value)}>`;
  }
}

function refOf(emitter: Emitter, shape: string): string {
  const name = typeNameOf(shape);
  if (!emitter.local.has(name)) throw new Error(`${shape} is generated in another module`);
  return name;
}

/** The `type:` of a list of scalars, or undefined for other lists. */
function scalarListType(emitter: Emitter, key: string, item: Target): string | undefined {
  if (item.kind === "string") return '["String"]';
  if (item.kind === "boolean") return '["Boolean"]';
  if (item.kind === "number") return INTEGERS.has(key) ? '["Int"]' : '["Float"]';
  if (item.kind === "timestamp") {
    emitter.usesDateTime = true;
    return "[DateTime]";
  }
  return undefined;
}

/** The `type:` of a field holding `target` (lists as one-element arrays). */
function typeExpression(emitter: Emitter, key: string, target: Target, entryName: string): string {
  switch (target.kind) {
    case "string":
      if (STRING_TIMES.has(key)) {
        emitter.usesDateTime = true;
        return "DateTime";
      }
      return '"String"';
    case "number":
      return INTEGERS.has(key) ? '"Int"' : '"Float"';
    case "boolean":
      return '"Boolean"';
    case "timestamp":
      emitter.usesDateTime = true;
      return "DateTime";
    case "structure":
      return refOf(emitter, target.shape);
    case "list": {
      const scalars = scalarListType(emitter, key, target.item);
      if (scalars) return scalars;
      if (target.item.kind === "structure") return `[${refOf(emitter, target.item.shape)}]`;
      throw new Error(`${key}: lists of ${target.item.kind} are not supported`);
    }
    case "map":
      defineEntry(emitter, key, target, entryName);
      return `[${entryName}]`;
  }
}

/** A map entry type: `key` and `value`, the value following the map's value shape. */
function defineEntry(emitter: Emitter, key: string, map: Target & { kind: "map" }, name: string) {
  if (emitter.entries.has(name)) return;
  const value = map.value;
  let valueField: string;
  if (value.kind === "map") {
    const inner = `${name.replace(/Entry$/, "")}ValueEntry`;
    typeExpression(emitter, key, value, inner);
    valueField = `t.field({ type: [${inner}], resolve: (entry) => Object.entries(entry.value).map(([key, value]) => ({ key, value })) })`;
  } else if (value.kind === "list") {
    valueField = `t.field({ type: ${typeExpression(emitter, key, value, name)}, resolve: (entry) => entry.value })`;
  } else {
    valueField = `t.expose("value", { type: ${typeExpression(emitter, key, value, name)} })`;
  }
  emitter.entries.set(name, {
    tsType: `MapEntry<${tsTypeOf(value)}>`,
    fields: [`    key: t.exposeString("key"),`, `    value: ${valueField},`].join("\n"),
  });
}

/**
 * One field. `read` is how a resolver reaches the member (`parent.X` or `parent.data.X`);
 * `expose` says the parent is the SDK object itself, so Pothos's t.expose* can read it by name.
 */
function fieldSource(
  emitter: Emitter,
  shape: StructureShape,
  member: ShapeMember,
  expose: boolean,
): string {
  const key = memberKey(shape.name, member.name);
  const options = describeMember(emitter, shape.name, member);
  const read = expose ? `parent.${member.name}` : `parent.data.${member.name}`;
  const entryName = `${typeNameOf(shape.name)}${member.name}Entry`;
  const target = member.target;
  const withOptions = (first: string) => `{ ${[first, options].filter(Boolean).join(", ")} }`;
  if (target.kind === "list" || target.kind === "map") {
    const type = typeExpression(emitter, key, target, entryName);
    const value =
      target.kind === "map"
        ? `Object.entries(${read} ?? {}).map(([key, value]) => ({ key, value }))`
        : `${read} ?? []`;
    // An absent collection means none: GuardDuty leaves empty ones out of its JSON.
    return `t.field(${withOptions(`type: ${type}, resolve: (parent) => ${value}`)})`;
  }
  const type = typeExpression(emitter, key, target, entryName);
  if (!expose) {
    return `t.field(${withOptions(`type: ${type}, nullable: true, resolve: (parent) => ${read}`)})`;
  }
  const shortcut: Record<string, string> = {
    '"String"': "exposeString",
    '"Int"': "exposeInt",
    '"Float"': "exposeFloat",
    '"Boolean"': "exposeBoolean",
  };
  const method = shortcut[type];
  return method
    ? `t.${method}(${quote(member.name)}, ${withOptions("nullable: true")})`
    : `t.expose(${quote(member.name)}, ${withOptions(`type: ${type}, nullable: true`)})`;
}

function fieldsOf(emitter: Emitter, shape: StructureShape, expose: boolean, indent: string) {
  return generatedMembers(shape)
    .map(
      (member) =>
        `${indent}${generatedFieldName(shape.name, member)}: ${fieldSource(emitter, shape, member, expose)},`,
    )
    .join("\n");
}

function moduleSource(module: GeneratedModule, shapes: StructureShape[], version: string): string {
  const emitter: Emitter = {
    docs: sdkDocs(),
    local: new Set(shapes.map((shape) => typeNameOf(shape.name))),
    entries: new Map(),
    usesDateTime: false,
  };
  const byType = new Map<string, StructureShape[]>();
  for (const shape of shapes) {
    const typeName = typeNameOf(shape.name);
    byType.set(typeName, [...(byType.get(typeName) ?? []), shape]);
  }

  const implementations = [...byType].map(([typeName, group]) => {
    const [first] = group as [StructureShape];
    const description = describeShape(
      emitter,
      group.map((shape) => shape.name),
    );
    const fields = fieldsOf(emitter, first, true, "    ");
    return [
      `${typeName}.implement({`,
      ...(description ? [`  description: ${quote(description)},`] : []),
      fields ? `  fields: (t) => ({\n${fields}\n  }),` : "  fields: () => ({}),",
      "});",
    ].join("\n");
  });

  const functions = module.records.map((root) => {
    const shape = structure(root.shape);
    return [
      `/** The members of GuardDuty's \`${root.shape}\`, for a parent that holds one in \`data\`. */`,
      `export function ${root.fieldsFunction}<P extends { data: Sdk.${root.shape} }>(t: Fields<P>) {`,
      "  return {",
      fieldsOf(emitter, shape, false, "    "),
      "  };",
      "}",
    ].join("\n");
  });

  const refs = [...byType].map(([typeName, group]) => {
    const tsType = group.map((shape) => `Sdk.${shape.name}`).join(" | ");
    return `export const ${typeName} = builder.objectRef<${tsType}>(${quote(typeName)});`;
  });
  const entryRefs = [...emitter.entries].map(
    ([name, entry]) => `export const ${name} = builder.objectRef<${entry.tsType}>(${quote(name)});`,
  );
  const entryImplementations = [...emitter.entries].map(([name, entry]) =>
    [
      `${name}.implement({`,
      `  description: "One key of a map with its value.",`,
      "  fields: (t) => ({",
      entry.fields,
      "  }),",
      "});",
    ].join("\n"),
  );

  const imports = [
    'import type * as Sdk from "@aws-sdk/client-guardduty";',
    module.records.length > 0
      ? 'import { builder, type Fields } from "../../builder.js";'
      : 'import { builder } from "../../builder.js";',
    ...(emitter.usesDateTime ? ['import { DateTime } from "../scalars.js";'] : []),
  ];
  return [
    `// Generated by \`npm run codegen\` (src/graphql/model/generate.ts) from the model of`,
    `// @aws-sdk/client-guardduty ${version}. Do not edit: change src/graphql/model/overlay.ts.`,
    "",
    ...imports,
    "",
    ...(emitter.entries.size > 0
      ? [
          "/** A map member shown as a list: one entry per key. */",
          "interface MapEntry<V> {",
          "  key: string;",
          "  value: V;",
          "}",
          "",
        ]
      : []),
    ...refs,
    ...entryRefs,
    "",
    [...implementations, ...entryImplementations, ...functions].join("\n\n"),
    "",
  ].join("\n");
}

/** The generated modules, as they should be on disk. */
export function generateModules(): GeneratedFile[] {
  const perModule = GENERATED_MODULES.map((module) => ({
    module,
    shapes: moduleStructures(module),
  }));
  const all = perModule.flatMap(({ shapes }) => shapes);
  const names = all.map((shape) => shape.name);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate) throw new Error(`${duplicate} is generated by two modules`);
  checkOverlay(new Set(names));
  checkSharedTypes(all);
  const version = sdkVersion();
  return perModule.map(({ module, shapes }) => ({
    file: module.file,
    content: moduleSource(module, shapes, version),
  }));
}
