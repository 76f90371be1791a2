import { GetFindingsCommand, type Finding as SdkFinding } from "@aws-sdk/client-guardduty";
import {
  type GraphQLField,
  type GraphQLNamedType,
  getNamedType,
  isLeafType,
  isObjectType,
  isUnionType,
} from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema } from "../../src/graphql/index.js";
import { STRING_TIMES } from "../../src/graphql/model/overlay.js";
import { entryFieldsOf, graphqlFieldOf } from "../../src/graphql/model/paths.js";
import { memberKey, structure, type Target } from "../../src/graphql/model/shapes.js";
import {
  FINDING_FAMILIES,
  type FindingFamily,
  findingTypeInfo,
} from "../../src/sandbox/catalog.js";
import type { WireFinding } from "../../src/sandbox/store.js";
import { type GatewayKit, gatewayFor } from "../kit/gateway.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";

/**
 * Nothing is lost or altered on the way: for seeded findings of every family, a query selecting
 * every field of Finding answers, path for path, what the SDK's GetFindings returns for the same
 * finding. Paths are mapped by the one naming rule (and the overlay), times compared as ISO-8601
 * strings, absent collections as empty lists.
 */

/** Fields that lead to other objects rather than into the finding: followed by other tests. */
const LINK_TYPES = new Set(["Finding", "Detector"]);
/** At most this many findings of each family (of different types where the world has them). */
const PER_FAMILY = 4;

/** A selection set of every field below `type`, with each union member spelled out. */
function fullSelection(type: GraphQLNamedType): string {
  if (isUnionType(type)) {
    const members = type
      .getTypes()
      .map((member) => `... on ${member.name} ${fullSelection(member)}`);
    return `{ __typename ${members.join(" ")} }`;
  }
  if (!isObjectType(type)) return "";
  const fields = Object.values(type.getFields())
    .filter(selectable)
    .map((field) => {
      const named = getNamedType(field.type);
      return isLeafType(named) ? field.name : `${field.name} ${fullSelection(named)}`;
    });
  return `{ ${fields.join(" ")} }`;
}

function selectable(field: GraphQLField<unknown, unknown>): boolean {
  // Deprecated fields repeat a generated one under its released name.
  return (
    field.args.length === 0 &&
    !field.deprecationReason &&
    !LINK_TYPES.has(getNamedType(field.type).name)
  );
}

/** Mismatches found, and how many values were compared. */
interface Comparison {
  mismatches: string[];
  compared: number;
  /** Model leaf paths (without list indexes) that had a value in at least one finding. */
  populated: Set<string>;
}

const iso = (value: unknown) => new Date(value as string | Date).toISOString();

function compareValue(
  target: Target,
  key: string,
  sdk: unknown,
  gql: unknown,
  path: string,
  model: string,
  out: Comparison,
): void {
  const mismatch = (why: string) =>
    out.mismatches.push(
      `${path}: ${why} (SDK ${JSON.stringify(sdk)}, GraphQL ${JSON.stringify(gql)})`,
    );
  if (target.kind === "list" || target.kind === "map") {
    if (sdk === undefined) {
      if (!Array.isArray(gql) || gql.length > 0) mismatch("absent collection is not []");
      return;
    }
    if (!Array.isArray(gql)) {
      mismatch("not a list");
      return;
    }
    if (target.kind === "list") {
      const items = sdk as unknown[];
      if (items.length !== gql.length) {
        mismatch("lengths differ");
        return;
      }
      items.forEach((item, index) => {
        compareValue(target.item, key, item, gql[index], `${path}[${index}]`, model, out);
      });
      return;
    }
    const entries = Object.entries(sdk as Record<string, unknown>);
    if (entries.length !== gql.length) {
      mismatch("entry counts differ");
      return;
    }
    const names = entryFieldsOf(undefined);
    for (const [entryKey, value] of entries) {
      const entry = (gql as Record<string, unknown>[]).find((item) => item[names.key] === entryKey);
      if (!entry) mismatch(`no entry for ${entryKey}`);
      else
        compareValue(
          target.value,
          key,
          value,
          entry[names.value],
          `${path}{${entryKey}}`,
          model,
          out,
        );
    }
    return;
  }
  if (target.kind === "structure") {
    if (sdk === undefined) {
      if (gql !== null) mismatch("absent structure is not null");
      return;
    }
    if (gql === null || typeof gql !== "object") {
      mismatch("not an object");
      return;
    }
    compareStructure(
      target.shape,
      sdk as Record<string, unknown>,
      gql as Record<string, unknown>,
      path,
      model,
      out,
    );
    return;
  }
  if (sdk === undefined) {
    if (gql !== null) mismatch("absent value is not null");
    return;
  }
  out.compared += 1;
  out.populated.add(model);
  const time = target.kind === "timestamp" || STRING_TIMES.has(key);
  const expected = time ? iso(sdk) : sdk;
  if (gql !== expected) mismatch("values differ");
}

function compareStructure(
  shapeName: string,
  sdk: Record<string, unknown>,
  gql: Record<string, unknown>,
  path: string,
  model: string,
  out: Comparison,
): void {
  for (const member of structure(shapeName).members) {
    const key = memberKey(shapeName, member.name);
    const { field, handWritten } = graphqlFieldOf(shapeName, member);
    const memberPath = `${path}.${field}`;
    const memberModel = `${model}.${member.name}`;
    if (!(field in gql)) {
      out.mismatches.push(`${memberPath}: not selected`);
      continue;
    }
    if (handWritten?.entry && member.target.kind === "map") {
      // A map the overlay shows with its own entry names (affectedResources: type and id).
      const sdkMap = (sdk[member.name] ?? {}) as Record<string, string>;
      const names = handWritten.entry;
      const expected = Object.entries(sdkMap);
      if (expected.length > 0) {
        out.compared += expected.length;
        out.populated.add(memberModel);
      }
      const entries = (gql[field] as Record<string, unknown>[]).map((entry) => [
        entry[names.key],
        entry[names.value],
      ]);
      if (JSON.stringify(entries) !== JSON.stringify(expected)) {
        out.mismatches.push(`${memberPath}: entries differ`);
      }
      continue;
    }
    compareValue(member.target, key, sdk[member.name], gql[field], memberPath, memberModel, out);
  }
}

let kit: SandboxKit;
let gateway: GatewayKit;
let detectorId: string;
let sample: WireFinding[];

beforeAll(async () => {
  kit = await startSandbox({ findingsPerDetector: 500 });
  gateway = gatewayFor(kit, kit.administrator);
  detectorId = kit.administrator.detectorIds["us-east-1"] as string;
  const all = [...(kit.sandbox.world.detectors.get(detectorId)?.findings.values() ?? [])];
  sample = FINDING_FAMILIES.flatMap((family) => sampleOf(all, family));
});
afterAll(async () => {
  gateway.close();
  await kit.close();
});

function familyOf(finding: WireFinding): FindingFamily | undefined {
  return findingTypeInfo(finding.type)?.family;
}

/** Findings of `family`, distinct types first. */
function sampleOf(all: readonly WireFinding[], family: FindingFamily): WireFinding[] {
  const ofFamily = all.filter((finding) => familyOf(finding) === family);
  const byType = new Map<string, WireFinding>();
  for (const finding of ofFamily) if (!byType.has(finding.type)) byType.set(finding.type, finding);
  return [...byType.values(), ...ofFamily].slice(0, PER_FAMILY);
}

describe("round trip: GraphQL answers what the SDK returns", () => {
  it("samples findings of every family", () => {
    expect(new Set(sample.map(familyOf))).toEqual(new Set(FINDING_FAMILIES));
  });

  it("a full-selection query returns every value of GetFindings, path for path", async () => {
    const finding = schema.getType("Finding") as GraphQLNamedType;
    const query = `query($detectorId: String!, $id: String!) {
      detector(detectorId: $detectorId, region: "us-east-1") { finding(id: $id) ${fullSelection(finding)} }
    }`;
    const output = await kit
      .client(kit.administrator)
      .send(
        new GetFindingsCommand({ DetectorId: detectorId, FindingIds: sample.map((f) => f.id) }),
      );
    const fromSdk = new Map((output.Findings ?? []).map((f: SdkFinding) => [f.Id, f]));
    expect(fromSdk.size).toBe(sample.length);

    const out: Comparison = { mismatches: [], compared: 0, populated: new Set() };
    for (const { id } of sample) {
      const result = await gateway.execute<{ detector: { finding: Record<string, unknown> } }>(
        query,
        { detectorId, id },
      );
      expect(result.errors, id).toBeUndefined();
      const node = result.data?.detector.finding as Record<string, unknown>;
      compareStructure(
        "Finding",
        fromSdk.get(id) as unknown as Record<string, unknown>,
        node,
        id,
        "Finding",
        out,
      );
    }
    expect(out.mismatches).toEqual([]);
    // Most of what the sandbox fills is compared: far more than the released schema could show.
    expect(out.compared).toBeGreaterThan(sample.length * 40);
    expect(out.populated.size).toBeGreaterThan(300);
  });

  it("would notice a changed value", () => {
    const out: Comparison = { mismatches: [], compared: 0, populated: new Set() };
    compareStructure(
      "Finding",
      { Severity: 5, Service: { Count: 3, EventFirstSeen: "2026-10-01T00:00:00Z" } },
      {
        severity: 5,
        service: { count: 4, eventFirstSeen: "2026-10-01T00:00:00.000Z" },
      },
      "f",
      "Finding",
      out,
    );
    expect(out.mismatches.filter((m) => !m.endsWith("not selected"))).toEqual([
      "f.service.count: values differ (SDK 3, GraphQL 4)",
    ]);
  });
});
