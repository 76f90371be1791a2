import { encodeGlobalID } from "@pothos/plugin-relay";
import {
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLNamedType,
  type GraphQLObjectType,
  getNamedType,
  isLeafType,
  isObjectType,
  isUnionType,
  parse,
  print,
} from "graphql";
import * as jit from "graphql-jit";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  AcceptAdministratorInvitationDocument,
  AttackSequencesDocument,
  DetectorMembersDocument,
  DisassociateFromAdministratorAccountDocument,
  FindingsBySeverityDocument,
  PendingInvitationsDocument,
  RecentFindingsDocument,
  RuntimeFindingsDocument,
} from "../../schema/generated/graphql.js";
import { isCompilable } from "../../src/graphql/compiled-execution.js";
import { schema } from "../../src/graphql/index.js";
import { findingTypesOf } from "../../src/sandbox/catalog.js";
import type { PublicIdentity } from "../../src/sandbox/sandbox.js";
import {
  type GatewayKit,
  type GraphQLResponse,
  gatewayFor,
  SANDBOX_SETTINGS,
} from "../kit/gateway.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";

// Counts compilations, to prove the compiled path is the one answering.
vi.mock("graphql-jit", async (importOriginal) => {
  const real = await importOriginal<typeof jit>();
  return { ...real, compileQuery: vi.fn(real.compileQuery) };
});
const compileQuery = vi.mocked(jit.compileQuery);

/**
 * Compiled execution (graphql-jit) answers exactly what Yoga's own executor answers: data,
 * errors, partial data, status. Each request is sent to a gateway without compilation, then
 * twice to one with it (an operation is compiled on its second execution).
 */
let kit: SandboxKit;
const gateways = new Map<string, { compiled: GatewayKit; interpreted: GatewayKit }>();
let usEast: string;

beforeAll(async () => {
  kit = await startSandbox();
  usEast = kit.administrator.detectorIds["us-east-1"] as string;
});

afterAll(async () => {
  for (const pair of gateways.values()) {
    pair.compiled.close();
    pair.interpreted.close();
  }
  await kit.control("PUT", "/_sandbox/faults", []);
  await kit.control("POST", "/_sandbox/reset");
  await kit.close();
});

function pairFor(identity: PublicIdentity) {
  let pair = gateways.get(identity.accountId);
  if (!pair) {
    pair = {
      compiled: gatewayFor(kit, identity),
      interpreted: gatewayFor(kit, identity, {
        gateway: { ...SANDBOX_SETTINGS, compiledExecution: false },
      }),
    };
    gateways.set(identity.accountId, pair);
  }
  return pair;
}

/** What differs between two runs of the same request whatever executes it. */
function stable(response: GraphQLResponse): unknown {
  return JSON.parse(
    JSON.stringify(response, (key, value) =>
      key === "requestId" || key === "awsRequestId" ? undefined : value,
    ),
  );
}

interface Run {
  identity?: PublicIdentity;
  /** Called before every execution (mutations start from the same world each time). */
  before?: () => Promise<unknown>;
}

/** The interpreted answer, after checking both compiled runs give the same. */
async function same(
  query: string | DocumentNode,
  variables: Record<string, unknown> = {},
  run: Run = {},
): Promise<GraphQLResponse> {
  const text = typeof query === "string" ? query : print(query);
  const pair = pairFor(run.identity ?? kit.administrator);
  await run.before?.();
  const interpreted = await pair.interpreted.execute(text, variables);
  for (let execution = 1; execution <= 2; execution++) {
    await run.before?.();
    const compiled = await pair.compiled.execute(text, variables);
    expect(stable(compiled), `execution ${execution} of ${text.slice(0, 60)}`).toEqual(
      stable(interpreted),
    );
  }
  return interpreted;
}

/** Types that lead out of the finding (followed by other tests). */
const LINKS = new Set(["Finding", "Detector"]);

/** Every field below `type` down to `depth` levels of objects (unions member by member). */
function selectionOf(type: GraphQLNamedType, depth: number): string {
  if (isUnionType(type)) {
    const members = type
      .getTypes()
      .map((member) => [member.name, selectionOf(member, depth)] as const)
      .filter(([, selection]) => selection);
    return `{ __typename ${members.map(([name, selection]) => `... on ${name} ${selection}`).join(" ")} }`;
  }
  if (!isObjectType(type)) return "";
  const fields = Object.values(type.getFields()).flatMap((field) => {
    const named = getNamedType(field.type);
    if (field.args.length > 0 || field.deprecationReason || LINKS.has(named.name)) return [];
    if (isLeafType(named)) return [field.name];
    const selection = depth > 0 ? selectionOf(named, depth - 1) : "";
    return selection ? [`${field.name} ${selection}`] : [];
  });
  return fields.length > 0 ? `{ ${fields.join(" ")} }` : "";
}

const reset = () => kit.control("POST", "/_sandbox/reset");

describe("compiled execution answers as Yoga's executor does", () => {
  it("every example operation in schema/operations, compiled once each", async () => {
    const onUsEast = { detectorId: usEast, region: "us-east-1" };
    const ofFamily = (family: "Runtime" | "AttackSequence") => ({
      ...onUsEast,
      types: findingTypesOf(family)
        .map((info) => info.type)
        .slice(0, 50),
    });
    const compiledBefore = compileQuery.mock.calls.length;
    const recent = await same(RecentFindingsDocument, { first: 10 });
    expect(recent.errors).toBeUndefined();
    await same(DetectorMembersDocument, onUsEast);
    await same(FindingsBySeverityDocument, onUsEast);
    const runtime = await same(RuntimeFindingsDocument, ofFamily("Runtime"));
    expect(JSON.stringify(runtime.data)).toContain("executablePath");
    await same(AttackSequencesDocument, ofFamily("AttackSequence"));

    const relationship = kit.sandbox.world.relationships.find(
      (r) => r.region === "us-east-1" && r.relationshipStatus === "Invited",
    );
    const member = kit.members.find((m) => m.accountId === relationship?.memberAccountId);
    if (!relationship?.invitationId || !member) throw new Error("the seed has no invited member");
    const memberDetector = { detectorId: member.detectorIds["us-east-1"], region: "us-east-1" };
    await same(PendingInvitationsDocument, {}, { identity: member });
    const accepted = await same(
      AcceptAdministratorInvitationDocument,
      {
        input: {
          ...memberDetector,
          administratorId: kit.administrator.accountId,
          invitationId: relationship.invitationId,
        },
      },
      { identity: member, before: reset },
    );
    expect(accepted.errors).toBeUndefined();
    await same(
      DisassociateFromAdministratorAccountDocument,
      { input: memberDetector },
      { identity: member, before: reset },
    );
    // Eight operations, each compiled on its second execution and reused on later ones.
    expect(compileQuery.mock.calls.length - compiledBefore).toBe(8);
  });

  it("the heaviest page: 50 findings with every field two levels deep", async () => {
    const finding = schema.getType("Finding") as GraphQLObjectType;
    const result = await same(
      `query($id: String!) { detector(detectorId: $id, region: "us-east-1") {
        findings(first: 50) { edges { cursor node ${selectionOf(finding, 2)} } } } }`,
      { id: usEast },
    );
    expect(result.errors).toBeUndefined();
    expect(JSON.stringify(result.data).length).toBeGreaterThan(100_000);
  });

  it("per-id errors next to the ids that answer", async () => {
    const [first] = await pairFor(kit.administrator)
      .interpreted.execute<{ detector: { findings: { edges: { node: { id: string } }[] } } }>(
        `query($id: String!) { detector(detectorId: $id, region: "us-east-1") {
          findings(first: 1) { edges { node { id } } } } }`,
        { id: usEast },
      )
      .then((r) => r.data?.detector.findings.edges.map((edge) => edge.node.id) ?? []);
    const missing = encodeGlobalID("Finding", `us-east-1:${usEast}:${"f".repeat(32)}`);
    const result = await same(
      "query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Finding { title severity } } }",
      { ids: [first, "not-a-global-id", missing, first] },
    );
    expect(result.errors?.length).toBeGreaterThanOrEqual(2);
    expect(result.data).toBeTruthy();
  });

  it("partial data when GuardDuty fails for part of the answer", async () => {
    await kit.control("PUT", "/_sandbox/faults", [
      {
        operation: "ListFindings",
        probability: 1,
        status: 500,
        code: "InternalServerErrorException",
      },
    ]);
    try {
      const result = await same(
        "{ detectors { region status findings(first: 3) { edges { cursor } } } }",
      );
      expect(result.errors?.[0]?.extensions?.code).toBe("UPSTREAM_UNAVAILABLE");
      expect(result.data).toBeTruthy();
    } finally {
      await kit.control("PUT", "/_sandbox/faults", []);
    }
  });

  it("refusals: bad variables, bad arguments, missing scalars", async () => {
    const detector = `query($id: String!, $first: Int) { detector(detectorId: $id, region: "us-east-1") {
      findings(first: $first) { edges { cursor } } } }`;
    expect((await same(detector, { id: usEast, first: "ten" })).status).toBe(400);
    expect((await same(detector, { id: usEast, first: 51 })).errors?.[0]?.extensions?.code).toBe(
      "BAD_USER_INPUT",
    );
    expect((await same(detector, { first: 5 })).status).toBe(400);
    const updated = `query($id: String!, $after: DateTime) { detector(detectorId: $id, region: "us-east-1") {
      findings(first: 1, filter: { updatedAfter: $after }) { edges { cursor } } } }`;
    expect((await same(updated, { id: usEast, after: "yesterday" })).status).toBe(400);
    await same(`{ detector(detectorId: "${"x".repeat(40)}", region: "us-east-1") { id } }`);
  });

  it("@include and @skip, fragments and aliases", async () => {
    await same(
      `query($id: String!, $with: Boolean!) { detector(detectorId: $id, region: "us-east-1") {
        a: findings(first: 2) { edges { node { ...F title @include(if: $with) } } }
        b: findings(first: 1) @skip(if: $with) { edges { cursor } } } }
       fragment F on Finding { id severity }`,
      { id: usEast, with: true },
    );
  });
});

describe("what stays with Yoga's executor", () => {
  const args = (source: string, operationName?: string) =>
    ({
      schema,
      document: parse(source),
      ...(operationName ? { operationName } : {}),
    }) as ExecutionArgs;

  it("compiles queries and mutations using only @include/@skip", () => {
    expect(isCompilable(args("{ detectors { id } }"))).toBe(true);
    expect(isCompilable(args("query Q($a: Boolean!) { detectors @include(if: $a) { id } }"))).toBe(
      true,
    );
    expect(isCompilable(args("query A { detectors { id } } query B { regions }", "B"))).toBe(true);
  });

  it("leaves @defer, @stream, any other directive, _entities and subscriptions to it", () => {
    expect(isCompilable(args("{ detectors { ... @defer { id } } }"))).toBe(false);
    expect(isCompilable(args("{ detectors @stream(initialCount: 1) { id } }"))).toBe(false);
    expect(isCompilable(args("{ detectors { id @other } }"))).toBe(false);
    expect(
      isCompilable(args("query($r: [_Any!]!) { _entities(representations: $r) { __typename } }")),
    ).toBe(false);
    expect(isCompilable(args("subscription { events }"))).toBe(false);
    expect(isCompilable(args("query A { detectors { id } } query B { regions }"))).toBe(false);
  });
});
