import { encodeGlobalID } from "@pothos/plugin-relay";
import { type DocumentNode, GraphQLError, parse, print } from "graphql";
import { describe, expect, it } from "vitest";
import {
  AcceptAdministratorInvitationDocument,
  DetectorMembersDocument,
  DisassociateFromAdministratorAccountDocument,
  FindingsBySeverityDocument,
  PendingInvitationsDocument,
  RecentFindingsDocument,
} from "../../schema/generated/graphql.js";
import { schema } from "../../src/graphql/index.js";
import { estimateUpstreamCalls, MAX_ESTIMATE_STEPS } from "../../src/graphql/upstream-estimate.js";

const REGIONS = ["us-east-1", "eu-west-1"];
const DETECTOR = "0123456789abcdef0123456789abcdef";
const ON_DETECTOR = `detector(detectorId: "${DETECTOR}", region: "us-east-1")`;

function estimate(
  query: string | DocumentNode,
  variableValues?: Record<string, unknown>,
  regions: readonly string[] = REGIONS,
): number | undefined {
  const document = typeof query === "string" ? parse(query) : query;
  return estimateUpstreamCalls({ schema, document, variableValues, regions, operationName: null })
    ?.calls;
}

function refusal(query: string, variableValues?: Record<string, unknown>): GraphQLError {
  try {
    estimate(query, variableValues);
  } catch (error) {
    if (error instanceof GraphQLError) return error;
    throw error;
  }
  throw new Error("expected the estimate to refuse the operation");
}

const aliases = (count: number, field: (i: number) => string) =>
  Array.from({ length: count }, (_, i) => `a${i}: ${field(i)}`).join("\n");
const findingId = (i: number) => `f${i.toString(16).padStart(31, "0")}`;
const findingNodeId = (detectorId: string, i: number) =>
  encodeGlobalID("Finding", `us-east-1/${detectorId}/${findingId(i)}`);

describe("the upstream estimate of the example operations", () => {
  it.each<[string, DocumentNode, Record<string, unknown>, number]>([
    // ListDetectors, GetDetector, ListFindings, GetFindings per region.
    ["RecentFindings", RecentFindingsDocument, { first: 10 }, 8],
    // GetDetector (the detector's id carries its account), ListMembers, one
    // GetRemainingFreeTrialDays for the page's 50 members.
    ["DetectorMembers", DetectorMembersDocument, { detectorId: DETECTOR, region: "us-east-1" }, 3],
    ["FindingsBySeverity", FindingsBySeverityDocument, { detectorId: DETECTOR }, 3],
    ["PendingInvitations", PendingInvitationsDocument, {}, 2],
    [
      "AcceptAdministratorInvitation",
      AcceptAdministratorInvitationDocument,
      {
        input: {
          detectorId: DETECTOR,
          region: "us-east-1",
          administratorId: "111122223333",
          invitationId: "i",
        },
      },
      // The call and the payload's GetAdministratorAccount: the region is given, so the
      // detector is not looked up.
      2,
    ],
    [
      // GetDetector in both regions, the call, the payload's GetAdministratorAccount.
      "DisassociateFromAdministratorAccount",
      DisassociateFromAdministratorAccountDocument,
      { input: { detectorId: DETECTOR } },
      4,
    ],
  ])("%s", (_name, document, variables, calls) => {
    expect(estimate(document, variables)).toBe(calls);
  });

  it("scales with the regions covered", () => {
    const recent = print(RecentFindingsDocument);
    expect(estimate(recent, {}, ["us-east-1"])).toBe(4);
    expect(estimate(recent, {}, ["us-east-1", "eu-west-1", "ap-south-1"])).toBe(12);
  });
});

describe("counting shapes of a query", () => {
  it("reads arguments inline, from variables and from variable defaults alike", () => {
    const inline = estimate(
      `{ detectors { a: findings(first: 50) { edges { cursor } } b: statistics(groupBy: FINDING_TYPE) { groupBy } } }`,
    );
    const variables = estimate(
      `query($n: Int!, $by: FindingStatisticsGroupBy = FINDING_TYPE) { detectors { a: findings(first: $n) { edges { cursor } } b: statistics(groupBy: $by) { groupBy } } }`,
      { n: 50 },
    );
    expect(inline).toBe(8);
    expect(variables).toBe(inline);
  });

  it("counts fields in fragments and inline fragments as if written in place", () => {
    const plain = estimate(`{ detectors { statistics(groupBy: SEVERITY) { groupBy } } }`);
    const fragments = estimate(`
      query { ...Root }
      fragment Root on Query { detectors { ... on Detector { ...Stats } } }
      fragment Stats on Detector { statistics(groupBy: SEVERITY) { groupBy } }`);
    expect(plain).toBe(4);
    expect(fragments).toBe(plain);
  });

  it("merges a fragment spread twice and a field repeated under one response key, as execution does", () => {
    expect(
      estimate(`
        { ${ON_DETECTOR} { ...S ...S statistics(groupBy: SEVERITY) { groupBy } } }
        fragment S on Detector { statistics(groupBy: SEVERITY) { groupBy } }`),
    ).toBe(1);
  });

  it("counts each alias of a field that makes its own calls", () => {
    expect(
      estimate(
        `{ ${ON_DETECTOR} { ${aliases(200, () => "statistics(groupBy: SEVERITY) { groupBy }")} } }`,
      ),
    ).toBe(200);
    expect(
      estimate(
        `{ ${ON_DETECTOR} { ${aliases(200, () => "findings(first: 1) { edges { cursor } }")} } }`,
      ),
    ).toBe(400);
  });

  it("lets sibling aliased lookups share batched calls, 50 keys a call", () => {
    const lookups = (count: number) =>
      estimate(
        `{ ${ON_DETECTOR} { ${aliases(count, (i) => `finding(id: "${findingId(i)}") { findingId }`)} } }`,
      );
    expect(lookups(50)).toBe(1);
    expect(lookups(51)).toBe(2);
    expect(lookups(120)).toBe(3);
  });

  it("shares the GetDetector and the batch of aliased parents naming the same detector", () => {
    expect(
      estimate(`{
        a: ${ON_DETECTOR} { finding(id: "${findingId(1)}") { findingId } }
        b: ${ON_DETECTOR} { finding(id: "${findingId(2)}") { findingId } } }`),
    ).toBe(1);
    expect(
      estimate(`{
        a: ${ON_DETECTOR} { status finding(id: "${findingId(1)}") { findingId } }
        b: ${ON_DETECTOR} { tags { key } finding(id: "${findingId(2)}") { findingId } } }`),
    ).toBe(2);
  });

  it("multiplies lookups below a page by the pages above them, batched per page", () => {
    // Per region: ListDetectors, ListFindings, GetFindings, and one GetFindings
    // for the 50 lookups made from the page's findings.
    expect(
      estimate(
        `{ detectors { findings(first: 50) { edges { node { detector { finding(id: "${findingId(1)}") { findingId } } } } } } }`,
      ),
    ).toBe(8);
    // A call per finding of the page is a call per finding.
    expect(
      estimate(
        `{ detectors { findings(first: 50) { edges { node { detector { statistics(groupBy: FINDING_TYPE) { groupBy } } } } } } }`,
      ),
    ).toBe(106);
  });

  it("batches the free-trial days of a page of members into one call", () => {
    expect(
      estimate(
        `{ ${ON_DETECTOR} { members(first: 50) { edges { node { accountId freeTrial { accountId } } } } } }`,
      ),
    ).toBe(2);
  });

  it("applies @skip and @include with their variables", () => {
    const query = `query($heavy: Boolean!) { ${ON_DETECTOR} {
      detectorId
      ${aliases(100, () => "statistics(groupBy: FINDING_TYPE) @include(if: $heavy) { groupBy }")}
      x: statistics(groupBy: FINDING_TYPE) @skip(if: $heavy) { groupBy } } }`;
    expect(estimate(query, { heavy: false })).toBe(1);
    expect(estimate(query, { heavy: true })).toBe(100);
  });

  it("costs nothing for introspection, __typename and fields whose arguments the resolver refuses", () => {
    expect(estimate(`{ __typename __schema { types { name } } }`)).toBe(0);
    // findings(first: 1000) is refused with BAD_USER_INPUT before any call.
    expect(estimate(`{ ${ON_DETECTOR} { findings(first: 1000) { edges { cursor } } } }`)).toBe(0);
    expect(
      estimate(`{ detector(detectorId: "${DETECTOR}", region: "mars-1") { detectorId } }`),
    ).toBe(0);
  });

  it("leaves operations that cannot run to execution's own errors", () => {
    expect(estimate(`query A { detectors { region } } query B { detectors { region } }`)).toBe(
      undefined,
    );
    expect(
      estimate(`query($n: Int!) { detectors { findings(first: $n) { edges { cursor } } } }`),
    ).toBe(undefined);
  });

  it("gives up on an operation too large to walk", () => {
    const huge = `{ ${aliases(MAX_ESTIMATE_STEPS + 1, () => "__typename")} }`;
    expect(estimate(huge)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("lookups by global id", () => {
  it("counts nodes(ids:) per detector the ids name, 50 findings a call", () => {
    const ids = (count: number, detectorOf: (i: number) => string) =>
      Array.from({ length: count }, (_, i) => findingNodeId(detectorOf(i), i));
    const query = `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Finding { severity } } }`;
    expect(estimate(query, { ids: ids(100, () => DETECTOR) })).toBe(2);
    expect(estimate(query, { ids: ids(100, (i) => `d${i}`) })).toBe(100);
    // The same id twice is one key; malformed ids are refused without a call.
    expect(
      estimate(query, { ids: [...ids(3, () => DETECTOR), "garbage", ...ids(3, () => DETECTOR)] }),
    ).toBe(1);
  });

  it("counts node(id:) and detectors by id, one GetDetector each when their own fields are read", () => {
    const detectorId = (d: string) => encodeGlobalID("Detector", `111122223333/us-east-1/${d}`);
    const ids = [detectorId("a1"), detectorId("a2"), detectorId("a1")];
    // The global id carries the account: its id needs no call.
    expect(estimate(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids })).toBe(0);
    expect(
      estimate(`query($ids: [ID!]!) { nodes(ids: $ids) { ... on Detector { status } } }`, { ids }),
    ).toBe(2);
    expect(
      estimate(`query($id: ID!) { node(id: $id) { ... on Finding { detector { region } } } }`, {
        id: findingNodeId(DETECTOR, 1),
      }),
    ).toBe(1);
    expect(
      estimate(`query($id: ID!) { node(id: $id) { ... on Finding { detector { id } } } }`, {
        id: findingNodeId(DETECTOR, 1),
      }),
    ).toBe(2);
  });

  it("counts federation _entities like nodes", () => {
    const representations = Array.from({ length: 60 }, (_, i) => ({
      __typename: "Finding",
      id: findingNodeId(DETECTOR, i),
    }));
    expect(
      estimate(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Finding { id } } }`, {
        r: representations,
      }),
    ).toBe(2);
  });
});

describe("bounds of list arguments", () => {
  it("refuses nodes(ids:) over 100 ids, inline or as a variable", () => {
    const ids = Array.from({ length: 101 }, (_, i) => findingNodeId(DETECTOR, i));
    for (const error of [
      refusal(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids }),
      refusal(`{ nodes(ids: ${JSON.stringify(ids)}) { id } }`),
    ]) {
      expect(error.message).toBe("nodes(ids:) takes at most 100 items; got 101");
      expect(error.extensions).toMatchObject({
        code: "BAD_USER_INPUT",
        argumentName: "ids",
        maxItems: 100,
      });
    }
  });

  it("refuses freeTrial(accountIds:) over 50 accounts wherever the field sits", () => {
    const error = refusal(
      `query($a: [String!]!) { x: detectors { ... on Detector { freeTrial(accountIds: $a) { accountId } } } }`,
      { a: Array.from({ length: 51 }, () => "111122223333") },
    );
    expect(error.message).toBe("freeTrial(accountIds:) takes at most 50 items; got 51");
    expect(error.extensions.argumentName).toBe("accountIds");
  });

  it("refuses _entities over 500 representations", () => {
    const r = Array.from({ length: 501 }, () => ({ __typename: "Finding", id: "x" }));
    expect(
      refusal(`query($r: [_Any!]!) { _entities(representations: $r) { __typename } }`, { r })
        .message,
    ).toBe("_entities(representations:) takes at most 500 items; got 501");
  });
});
