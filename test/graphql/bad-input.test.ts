import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type GatewayKit, gatewayFor } from "../kit/gateway.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";

let kit: SandboxKit;
let gateway: GatewayKit;
let detectorId: string;

beforeAll(async () => {
  kit = await startSandbox({ findingsPerDetector: 60 });
  gateway = gatewayFor(kit, kit.administrator, { regions: ["us-east-1"] });
  detectorId = kit.administrator.detectorIds["us-east-1"] as string;
});
afterAll(async () => {
  gateway.close();
  await kit.close();
});
beforeEach(() => kit.clearCalls());

const onDetector = (selection: string) =>
  `query($id: String!) { detector(detectorId: $id, region: "us-east-1") { ${selection} } }`;

/** Queries whose detector is resolved first: GetDetector is the only call they may make. */
const afterDetector: [string, string, RegExp][] = [
  ["first 0", "findings(first: 0) { edges { cursor } }", /first/],
  ["first 51", "findings(first: 51) { edges { cursor } }", /first/],
  ["members first 51", "members(first: 51) { edges { cursor } }", /first/],
  ["statistics first 101", "statistics(groupBy: SEVERITY, first: 101) { groupBy }", /first/],
  ["a forged cursor", 'findings(after: "not-a-cursor") { edges { cursor } }', /after/],
  ["a forged members cursor", 'members(after: "bm9wZQ") { edges { cursor } }', /after/],
  [
    "an 11-digit account filter",
    'findings(filter: { accountIds: ["12345678901"] }) { edges { cursor } }',
    /12-digit/,
  ],
  [
    "non-adjacent severity levels",
    "findings(filter: { severityLevels: [LOW, HIGH] }) { edges { cursor } }",
    /adjacent/,
  ],
  [
    "severity above 10",
    "findings(filter: { severity: { min: 11 } }) { edges { cursor } }",
    /severity/,
  ],
  [
    "an inverted time window",
    'findings(filter: { updatedAfter: "2026-10-02T00:00:00Z", updatedBefore: "2026-10-01T00:00:00Z" }) { edges { cursor } }',
    /earlier/,
  ],
  [
    "an undocumented attribute",
    'findings(filter: { conditions: [{ attribute: "service.secret", equals: ["x"] }] }) { edges { cursor } }',
    /not a filterable/,
  ],
  [
    "a condition without operator",
    'findings(filter: { conditions: [{ attribute: "type" }] }) { edges { cursor } }',
    /no operator/,
  ],
  [
    "the same operator twice",
    'findings(filter: { types: ["a"], conditions: [{ attribute: "type", equals: ["b"] }] }) { edges { cursor } }',
    /already sets/,
  ],
  [
    "51 types",
    `findings(filter: { types: [${Array.from({ length: 51 }, (_, i) => `"T${i}"`).join(",")}] }) { edges { cursor } }`,
    /at most 50/,
  ],
  ["a malformed finding id", 'finding(id: "../etc") { findingId }', /finding id/],
  ["a malformed member account", 'member(accountId: "abc") { accountId }', /12-digit/],
  [
    "51 free-trial accounts",
    `freeTrial(accountIds: [${Array.from({ length: 51 }, () => '"111122223333"').join(",")}]) { accountId }`,
    /accountIds/,
  ],
];

describe("bad input is refused with BAD_USER_INPUT before GuardDuty is asked", () => {
  for (const [name, selection, message] of afterDetector) {
    it(`refuses ${name}`, async () => {
      const result = await gateway.execute(onDetector(selection), { id: detectorId });
      expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(result.errors?.[0]?.message).toMatch(message);
      const calls = (await kit.calls()).map((c) => c.operation);
      expect(calls.filter((op) => op !== "GetDetector")).toEqual([]);
    });
  }

  const noCall: [string, string, RegExp][] = [
    ["a malformed detector id", '{ detector(detectorId: "bad/id") { detectorId } }', /detector id/],
    [
      "a malformed region",
      '{ detector(detectorId: "abc", region: "mars") { detectorId } }',
      /not covered/,
    ],
    ["a malformed ARN", '{ finding(arn: "arn:aws:s3:::bucket") { findingId } }', /finding ARN/],
    ["a malformed global id", '{ node(id: "garbage") { id } }', /not an id this API issued/],
    [
      "a global id of a malformed key",
      '{ node(id: "RmluZGluZzpmb28=") { id } }',
      /Malformed finding id/,
    ],
    [
      "an uncovered invitations region",
      '{ invitations(region: "mars-1") { region } }',
      /not covered/,
    ],
    [
      "a malformed DateTime",
      '{ detectors { findings(filter: { updatedAfter: "yesterday" }) { edges { cursor } } } }',
      /DateTime/,
    ],
  ];
  for (const [name, query, message] of noCall) {
    it(`refuses ${name} without any upstream call`, async () => {
      const result = await gateway.execute(query);
      expect(result.errors?.[0]?.extensions?.code).toMatch(
        /BAD_USER_INPUT|NOT_FOUND|GRAPHQL_VALIDATION_FAILED/,
      );
      expect(result.errors?.[0]?.message).toMatch(message);
      expect(await kit.calls()).toEqual([]);
    });
  }

  it("refuses unknown enum values and unknown fields with GRAPHQL_VALIDATION_FAILED", async () => {
    for (const query of [
      "{ detectors { statistics(groupBy: REGION) { groupBy } } }",
      "{ detectors { secretField } }",
    ]) {
      const result = await gateway.execute(query);
      expect(result.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    }
    expect(await kit.calls()).toEqual([]);
  });

  it("refuses hostile queries (depth, aliases, cost) and keeps serving", async () => {
    const level = (inner: string) =>
      `findings(first: 1) { edges { node { detector { ${inner} } } } }`;
    const deep = `{ detectors { ${level(level(level(level("detectorId"))))} } }`;
    const aliases = `{ ${Array.from({ length: 250 }, (_, i) => `a${i}: detectors { region }`).join(" ")} }`;
    const costly = `{ detectors { findings(first: 50) { edges { node { detector { members(first: 50) { edges { node { freeTrial { features { name } } } } } } } } } } }`;
    for (const query of [deep, aliases, costly]) {
      const result = await gateway.execute(query);
      expect(result.errors?.[0]?.extensions?.code).toMatch(/^GRAPHQL_(VALIDATION|PARSE)_FAILED$/);
      expect(result.errors?.[0]?.message).toMatch(/depth|[Aa]liases|[Cc]ost/);
    }
    expect(await kit.calls()).toEqual([]);
    const ok = await gateway.execute("{ detectors { region } }");
    expect(ok.errors).toBeUndefined();
  });

  it("answers an unknown detector with NOT_FOUND from the first call that touches it", async () => {
    const result = await gateway.execute(
      '{ detector(detectorId: "0123456789abcdef0123456789abcdef", region: "us-east-1") { detectorId status } }',
    );
    expect(result.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect(result.errors?.[0]?.extensions?.awsRequestId).toEqual(expect.any(String));
    expect(result.errors?.[0]?.path).toEqual(["detector", "status"]);
    expect(result.data).toEqual({
      detector: { detectorId: "0123456789abcdef0123456789abcdef", status: null },
    });
  });
});
