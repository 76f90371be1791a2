import { encodeGlobalID } from "@pothos/plugin-relay";
import { type DocumentNode, parse, print } from "graphql";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
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
import { DEFAULT_MAX_UPSTREAM_CALLS_PER_REQUEST } from "../../src/config.js";
import { schema } from "../../src/graphql/index.js";
import { estimateUpstreamCalls } from "../../src/graphql/upstream-estimate.js";
import { findingTypesOf } from "../../src/sandbox/catalog.js";
import type { PublicIdentity } from "../../src/sandbox/sandbox.js";
import { type GatewayKit, type GraphQLResponse, gatewayFor, operations } from "../kit/gateway.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";

let kit: SandboxKit;
let gateway: GatewayKit;
let usEast: string;

beforeAll(async () => {
  kit = await startSandbox({ findingsPerDetector: 120 });
  gateway = gatewayFor(kit, kit.administrator);
  usEast = kit.administrator.detectorIds["us-east-1"] as string;
});
afterAll(async () => {
  gateway.close();
  await kit.close();
});
beforeEach(() => kit.clearCalls());

const aliases = (count: number, field: (i: number) => string) =>
  Array.from({ length: count }, (_, i) => `a${i}: ${field(i)}`).join("\n");
const hex = (i: number, length = 32) => i.toString(16).padStart(length, "0");
/** Well-formed Finding ids: each would be a GetFindings key if the request ran. */
const findingIds = (count: number, detectorOf: (i: number) => string) =>
  Array.from({ length: count }, (_, i) =>
    encodeGlobalID("Finding", `us-east-1/${detectorOf(i)}/f${hex(i, 31)}`),
  );
const onDetector = (selection: string) =>
  `query($id: String!) { detector(detectorId: $id, region: "us-east-1") { ${selection} } }`;

/** A normal query after each refusal: the gateway still answers, with upstream calls. */
async function expectStillServing(on: GatewayKit = gateway): Promise<void> {
  const ok = await on.execute<{ detector: { detectorId: string } }>(onDetector("detectorId"), {
    id: usEast,
  });
  expect(ok.status).toBe(200);
  expect(ok.errors).toBeUndefined();
  expect(ok.data?.detector.detectorId).toBe(usEast);
}

interface Hostile {
  query: string;
  /** HTTP status of the refusal; 400 unless given. */
  status?: number;
  variables?: Record<string, unknown>;
  code: string;
  message: RegExp;
  extensions?: Record<string, unknown>;
}

const budget = (estimatedCalls: number) => ({
  estimatedCalls,
  maxUpstreamCalls: DEFAULT_MAX_UPSTREAM_CALLS_PER_REQUEST,
});

/** Requests that would fan out into many GuardDuty calls: refused before any call. */
const hostile: [string, () => Hostile][] = [
  [
    "nodes with 50,000 ids in a variable (3.6 MB: over the body limit)",
    () => ({
      query: "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
      variables: { ids: findingIds(50_000, () => usEast) },
      status: 413,
      code: "PAYLOAD_TOO_LARGE",
      message: /^The request body is larger than the limit of 1048576 bytes$/,
    }),
  ],
  [
    "nodes with 5,000 ids in a variable",
    () => ({
      query: "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
      variables: { ids: findingIds(5_000, () => usEast) },
      code: "BAD_USER_INPUT",
      message: /^nodes\(ids:\) takes at most 100 items; got 5000$/,
      extensions: { argumentName: "ids", maxItems: 100 },
    }),
  ],
  [
    "nodes with 5,000 ids inline (over the token limit)",
    () => ({
      query: `{ nodes(ids: ${JSON.stringify(findingIds(5_000, () => usEast))}) { id } }`,
      code: "GRAPHQL_VALIDATION_FAILED",
      message: /tokens/,
    }),
  ],
  [
    "nodes with 101 ids inline",
    () => ({
      query: `{ nodes(ids: ${JSON.stringify(findingIds(101, () => usEast))}) { id } }`,
      code: "BAD_USER_INPUT",
      message: /^nodes\(ids:\) takes at most 100 items; got 101$/,
    }),
  ],
  [
    "nodes with 100 ids naming 100 detectors (100 GetFindings)",
    () => ({
      query: "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
      variables: { ids: findingIds(100, (i) => hex(i)) },
      code: "UPSTREAM_BUDGET_EXCEEDED",
      message: /needs about 100 GuardDuty calls; the gateway allows 50 per request/,
      extensions: budget(100),
    }),
  ],
  [
    "_entities with 501 representations",
    () => ({
      query: "query($r: [_Any!]!) { _entities(representations: $r) { __typename } }",
      variables: {
        r: findingIds(501, () => usEast).map((id) => ({ __typename: "Finding", id })),
      },
      code: "BAD_USER_INPUT",
      message: /^_entities\(representations:\) takes at most 500 items; got 501$/,
    }),
  ],
  [
    "_entities with 100 findings in 100 detectors",
    () => ({
      query: "query($r: [_Any!]!) { _entities(representations: $r) { ... on Finding { id } } }",
      variables: {
        r: findingIds(100, (i) => hex(i)).map((id) => ({ __typename: "Finding", id })),
      },
      code: "UPSTREAM_BUDGET_EXCEEDED",
      message: /needs about 100 GuardDuty calls/,
      extensions: budget(100),
    }),
  ],
  [
    "200 aliased statistics",
    () => ({
      query: onDetector(aliases(200, () => "statistics(groupBy: SEVERITY) { groupBy }")),
      variables: { id: usEast },
      code: "UPSTREAM_BUDGET_EXCEEDED",
      message: /needs about 200 GuardDuty calls/,
      extensions: budget(200),
    }),
  ],
  [
    "200 aliased findings pages",
    () => ({
      query: onDetector(aliases(200, () => "findings(first: 1) { edges { node { findingId } } }")),
      variables: { id: usEast },
      code: "UPSTREAM_BUDGET_EXCEEDED",
      message: /needs about 400 GuardDuty calls/,
      extensions: budget(400),
    }),
  ],
  [
    "200 aliased detector lists with statistics in every region",
    () => ({
      query: `{ ${aliases(200, () => "detectors { statistics(groupBy: SEVERITY) { groupBy } }")} }`,
      code: "UPSTREAM_BUDGET_EXCEEDED",
      message: /needs about 402 GuardDuty calls/,
      extensions: budget(402),
    }),
  ],
  [
    "freeTrial(accountIds:) with 51 accounts in a variable",
    () => ({
      query: `query($id: String!, $accounts: [String!]!) { detector(detectorId: $id, region: "us-east-1") { freeTrial(accountIds: $accounts) { accountId } } }`,
      variables: { id: usEast, accounts: Array.from({ length: 51 }, () => "111122223333") },
      code: "BAD_USER_INPUT",
      message: /^freeTrial\(accountIds:\) takes at most 50 items; got 51$/,
      extensions: { argumentName: "accountIds", maxItems: 50 },
    }),
  ],
  [
    "freeTrial(accountIds:) with 5,000 accounts in a variable, in every region",
    () => ({
      query: `query($accounts: [String!]!) { detectors { freeTrial(accountIds: $accounts) { accountId } } }`,
      variables: { accounts: Array.from({ length: 5_000 }, (_, i) => `1111${hex(i, 8)}`) },
      code: "BAD_USER_INPUT",
      message: /got 5000$/,
    }),
  ],
  [
    "statistics hidden in a fragment spread in every region",
    () => ({
      query: `{ detectors { ...Stats } }
        fragment Stats on Detector { ${aliases(30, () => "statistics(groupBy: FINDING_TYPE) { groupBy }")} }`,
      code: "UPSTREAM_BUDGET_EXCEEDED",
      message: /needs about 62 GuardDuty calls/,
      extensions: budget(62),
    }),
  ],
  [
    "pages sized by a variable under 20 aliases in every region",
    () => ({
      query: `query($n: Int!) { detectors { ${aliases(20, () => "findings(first: $n) { edges { node { findingId } } }")} } }`,
      variables: { n: 50 },
      code: "UPSTREAM_BUDGET_EXCEEDED",
      message: /needs about 82 GuardDuty calls/,
      extensions: budget(82),
    }),
  ],
  [
    "a statistics call per finding of a page",
    () => ({
      query:
        "{ detectors { findings(first: 50) { edges { node { detector { statistics(groupBy: SEVERITY) { groupBy } } } } } } }",
      code: "UPSTREAM_BUDGET_EXCEEDED",
      message: /needs about 106 GuardDuty calls/,
      extensions: budget(106),
    }),
  ],
  [
    "30 aliased archiveFindings mutations (nothing archived)",
    () => ({
      query: `mutation($input: FindingsInput!) { ${aliases(30, () => "archiveFindings(input: $input) { __typename }")} }`,
      variables: {
        input: {
          detectorId: usEast,
          region: "us-east-1",
          findingIds: [...(kit.sandbox.world.detectors.get(usEast)?.findings.keys() ?? [])].slice(
            0,
            1,
          ),
        },
      },
      code: "UPSTREAM_BUDGET_EXCEEDED",
      message: /needs about 60 GuardDuty calls/,
      extensions: budget(60),
    }),
  ],
];

describe("requests that would fan out are refused before any GuardDuty call", () => {
  it.each(hostile)("%s", async (_name, build) => {
    const request = build();
    const result = await gateway.execute(request.query, request.variables);
    expect(result.status).toBe(request.status ?? 400);
    expect(result.data ?? null).toBeNull();
    expect(result.errors).toHaveLength(1);
    const [error] = result.errors ?? [];
    expect(error?.extensions?.code).toBe(request.code);
    expect(error?.message).toMatch(request.message);
    if (request.extensions) expect(error?.extensions).toMatchObject(request.extensions);
    // The internal HTTP hint never reaches the client.
    expect(error?.extensions).not.toHaveProperty("http");
    expect(await kit.calls()).toEqual([]);
    await expectStillServing();
  });

  it("answers application/json clients with 200 and the same error, as the GraphQL over HTTP spec asks", async () => {
    const response = await gateway.fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({
        query: onDetector(aliases(60, () => "statistics(groupBy: SEVERITY) { groupBy }")),
        variables: { id: usEast },
      }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as GraphQLResponse;
    expect(body.errors?.[0]?.extensions?.code).toBe("UPSTREAM_BUDGET_EXCEEDED");
    expect(await kit.calls()).toEqual([]);
  });

  it("runs a request whose estimate is exactly the budget", async () => {
    const exact = gatewayFor(kit, kit.administrator, { maxUpstreamCallsPerRequest: 2 });
    const result = await exact.execute<{ detector: { findings: { edges: unknown[] } } }>(
      onDetector("findings(first: 50) { edges { node { findingId } } }"),
      { id: usEast },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.detector.findings.edges).toHaveLength(50);
    expect(await operations(kit)).toEqual(["ListFindings", "GetFindings"]);
    exact.close();
  });

  it("estimates the same document anew for other variables (estimates are remembered per variables)", async () => {
    const small = gatewayFor(kit, kit.administrator, { maxUpstreamCallsPerRequest: 1 });
    const query = "query($ids: [ID!]!) { nodes(ids: $ids) { id } }";
    const refused = { ids: findingIds(100, () => usEast) };
    const allowed = { ids: findingIds(50, () => usEast) };
    for (const variables of [refused, allowed, refused, allowed]) {
      const result = await small.execute(query, variables);
      const code = result.errors?.[0]?.extensions?.code;
      if (variables === refused) {
        expect(code).toBe("UPSTREAM_BUDGET_EXCEEDED");
        expect(result.errors?.[0]?.extensions?.estimatedCalls).toBe(2);
      } else {
        expect(code).not.toBe("UPSTREAM_BUDGET_EXCEEDED");
      }
    }
    small.close();
  });
});

describe("the budget stops the calls the estimate could not foresee", () => {
  /** The cursor of the 30th edge of the first page: resuming there spans two GuardDuty pages. */
  async function midPageCursor(): Promise<string> {
    const page = await gateway.execute<{
      detector: { findings: { edges: { cursor: string }[] } };
    }>(onDetector("findings(first: 50) { edges { cursor } }"), { id: usEast });
    const cursor = page.data?.detector.findings.edges[29]?.cursor;
    if (!cursor) throw new Error("the sandbox detector has fewer than 30 findings");
    await kit.clearCalls();
    return cursor;
  }

  it("refuses the call past the budget and returns the rest of the answer", async () => {
    const after = await midPageCursor();
    const tight = gatewayFor(kit, kit.administrator, { maxUpstreamCallsPerRequest: 2 });
    // Estimated 2 (ListFindings, GetFindings); the resumed page needs a second ListFindings,
    // so its GetFindings is the third call.
    const result = await tight.execute<{
      detector: { detectorId: string; findings: unknown };
    }>(
      `query($id: String!, $after: String!) { detector(detectorId: $id, region: "us-east-1") {
        detectorId findings(first: 50, after: $after) { edges { node { findingId } } } } }`,
      { id: usEast, after },
    );
    expect(result.status).toBe(200);
    expect(result.data).toEqual({ detector: { detectorId: usEast, findings: null } });
    expect(new Set(result.errors?.map((e) => e.extensions?.code))).toEqual(
      new Set(["UPSTREAM_BUDGET_EXCEEDED"]),
    );
    expect(result.errors?.[0]?.path?.slice(0, 2)).toEqual(["detector", "findings"]);
    expect(result.errors?.[0]?.extensions).toMatchObject({
      operation: "GetFindings",
      region: "us-east-1",
      maxUpstreamCalls: 2,
    });
    expect(result.errors?.[0]?.message).toBe(
      "This request has used its budget of 2 GuardDuty calls; GetFindings (us-east-1) was not sent",
    );
    expect(await operations(kit)).toEqual(["ListFindings", "ListFindings"]);
    await expectStillServing(tight);
    tight.close();
  });

  it("cuts concurrent regions at exactly the budget, keeping every detector it already has", async () => {
    const after = await midPageCursor();
    const tight = gatewayFor(kit, kit.administrator, { maxUpstreamCallsPerRequest: 6 });
    // Estimated 6: per region ListDetectors, ListFindings, GetFindings. Each resumed page
    // needs a second ListFindings: 8 calls wanted, 6 sent.
    const result = await tight.execute<{
      detectors: ({ region: string; findings: { edges: unknown[] } | null } | null)[];
    }>(
      `query($after: String!) { detectors { region findings(first: 50, after: $after) { edges { node { findingId } } } } }`,
      { after },
    );
    expect(result.status).toBe(200);
    expect(result.data?.detectors.map((d) => d?.region).sort()).toEqual(["eu-west-1", "us-east-1"]);
    expect(result.data?.detectors.some((d) => d?.findings === null)).toBe(true);
    expect(result.errors?.length).toBeGreaterThan(0);
    for (const error of result.errors ?? []) {
      expect(error.extensions?.code).toBe("UPSTREAM_BUDGET_EXCEEDED");
      expect(error.path?.[0]).toBe("detectors");
    }
    expect(await kit.calls()).toHaveLength(6);
    tight.close();
  });
});

describe("everyday requests fit the default budget, and never exceed their estimate", () => {
  function invitedMember(): { identity: PublicIdentity; invitationId: string } {
    const relationship = kit.sandbox.world.relationships.find(
      (r) => r.region === "us-east-1" && r.relationshipStatus === "Invited",
    );
    const identity = kit.members.find((m) => m.accountId === relationship?.memberAccountId);
    if (!relationship?.invitationId || !identity) throw new Error("the seed has no invited member");
    return { identity, invitationId: relationship.invitationId };
  }

  afterAll(() => kit.control("POST", "/_sandbox/reset"));

  async function runWithin(
    identity: PublicIdentity,
    document: DocumentNode,
    variables: Record<string, unknown> = {},
  ): Promise<{ estimate: number; made: number }> {
    const on = identity === kit.administrator ? gateway : gatewayFor(kit, identity);
    await kit.clearCalls();
    const result = await on.execute(print(document), variables);
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
    const made = (await kit.calls()).length;
    const estimate = estimateUpstreamCalls({
      schema,
      document,
      variableValues: variables,
      regions: identity.regions,
    })?.calls as number;
    if (on !== gateway) on.close();
    expect(made).toBeLessThanOrEqual(estimate);
    expect(estimate).toBeLessThanOrEqual(DEFAULT_MAX_UPSTREAM_CALLS_PER_REQUEST);
    return { estimate, made };
  }

  it("runs every example operation in schema/operations", async () => {
    const admin = kit.administrator;
    const onUsEast = { detectorId: usEast, region: "us-east-1" };
    expect(await runWithin(admin, RecentFindingsDocument, { first: 10 })).toEqual({
      estimate: 8,
      made: 8,
    });
    expect(await runWithin(admin, DetectorMembersDocument, onUsEast)).toEqual({
      estimate: 3,
      made: 3,
    });
    expect(await runWithin(admin, FindingsBySeverityDocument, onUsEast)).toEqual({
      estimate: 1,
      made: 1,
    });
    // GuardDuty's criteria take at most 50 values per condition.
    const ofFamily = (family: "Runtime" | "AttackSequence") => ({
      ...onUsEast,
      types: findingTypesOf(family)
        .map((info) => info.type)
        .slice(0, 50),
    });
    const runtime = await runWithin(admin, RuntimeFindingsDocument, ofFamily("Runtime"));
    expect(runtime.made).toBeGreaterThanOrEqual(2);
    const sequences = await runWithin(admin, AttackSequencesDocument, ofFamily("AttackSequence"));
    expect(sequences.made).toBeGreaterThanOrEqual(2);
    const { identity, invitationId } = invitedMember();
    await runWithin(identity, PendingInvitationsDocument);
    const memberDetector = {
      detectorId: identity.detectorIds["us-east-1"],
      region: "us-east-1",
    };
    expect(
      await runWithin(identity, AcceptAdministratorInvitationDocument, {
        input: { ...memberDetector, administratorId: kit.administrator.accountId, invitationId },
      }),
    ).toEqual({ estimate: 2, made: 2 });
    expect(
      await runWithin(identity, DisassociateFromAdministratorAccountDocument, {
        input: memberDetector,
      }),
    ).toEqual({ estimate: 3, made: 3 });
  });

  it("runs the batching shapes: aliased lookups, pages of members with free-trial days, every region", async () => {
    const ids = [...(kit.sandbox.world.detectors.get(usEast)?.findings.keys() ?? [])].slice(0, 120);
    const shapes: [string, Record<string, unknown>, number][] = [
      [
        onDetector(aliases(120, (i) => `finding(id: "${ids[i]}") { findingId type }`)),
        { id: usEast },
        3,
      ],
      [
        onDetector(
          "members(first: 50, onlyAssociated: false) { edges { node { accountId freeTrial { features { name } } } } }",
        ),
        { id: usEast },
        2,
      ],
      [
        "{ detectors { region findings(first: 5) { edges { node { findingId severity } } } } }",
        {},
        6,
      ],
      [
        `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Finding { findingId detector { region } } } }`,
        {
          ids: ids
            .map((id) => encodeGlobalID("Finding", `us-east-1/${usEast}/${id}`))
            .slice(0, 100),
        },
        // Two GetFindings; the detector's region is known from the ids, no GetDetector.
        2,
      ],
    ];
    for (const [query, variables, calls] of shapes) {
      expect(await runWithin(kit.administrator, parse(query), variables)).toEqual({
        estimate: calls,
        made: calls,
      });
    }
  });
});
