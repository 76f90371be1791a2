/**
 * Every request makes the fewest GuardDuty calls its answer needs, counted in the sandbox's
 * call log: a detector reached by id costs no GetDetector unless one of its own fields is read,
 * and each region's ListDetectors is shared by everything in the request.
 */
import { encodeGlobalID } from "@pothos/plugin-relay";
import { type DocumentNode, print } from "graphql";
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
import { findingTypesOf } from "../../src/sandbox/catalog.js";
import type { PublicIdentity } from "../../src/sandbox/sandbox.js";
import { countBy, type GatewayKit, type GraphQLResponse, gatewayFor } from "../kit/gateway.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";

let kit: SandboxKit;
let gateway: GatewayKit;
let usEast: string;
let detectorGlobalId: string;

beforeAll(async () => {
  kit = await startSandbox({ findingsPerDetector: 60 });
  gateway = gatewayFor(kit, kit.administrator);
  usEast = kit.administrator.detectorIds["us-east-1"] as string;
  detectorGlobalId = encodeGlobalID(
    "Detector",
    `${kit.administrator.accountId}/us-east-1/${usEast}`,
  );
});
afterAll(async () => {
  gateway.close();
  await kit.close();
});
beforeEach(() => kit.clearCalls());

/** Runs a request and returns its answer with the calls GuardDuty saw, by operation. */
async function run(
  query: string | DocumentNode,
  variables?: Record<string, unknown>,
  on: GatewayKit = gateway,
): Promise<{ result: GraphQLResponse; calls: Record<string, number> }> {
  await kit.clearCalls();
  const result = await on.execute(typeof query === "string" ? query : print(query), variables);
  expect(result.status).toBe(200);
  const calls = countBy((await kit.calls()).map((call) => call.operation));
  return { result, calls };
}

const PAGE = "findings(first: 50) { edges { node { findingId severity } } }";

describe("a detector reached by id costs no GetDetector unless its own fields are read", () => {
  it.each<[string, () => string, () => Record<string, unknown>]>([
    [
      "node(id:)",
      () => `query($id: ID!) { node(id: $id) { ... on Detector { ${PAGE} } } }`,
      () => ({ id: detectorGlobalId }),
    ],
    [
      "detector(detectorId:, region:)",
      () => `query($id: String!) { detector(detectorId: $id, region: "us-east-1") { ${PAGE} } }`,
      () => ({ id: usEast }),
    ],
    [
      "a federation reference",
      () =>
        `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Detector { ${PAGE} } } }`,
      () => ({ reps: [{ __typename: "Detector", id: detectorGlobalId }] }),
    ],
  ])("a findings page through %s: ListFindings and GetFindings", async (_name, query, vars) => {
    const { result, calls } = await run(query(), vars());
    expect(result.errors).toBeUndefined();
    expect(JSON.stringify(result.data)).toContain('"findingId"');
    expect(calls).toEqual({ ListFindings: 1, GetFindings: 1 });
  });

  it("a finding's detector: no call beyond the finding's own GetFindings", async () => {
    const findingId = [...(kit.sandbox.world.detectors.get(usEast)?.findings.keys() ?? [])][0];
    const { result, calls } = await run(
      `query($id: ID!) { node(id: $id) { ... on Finding { findingId detector { detectorId region } } } }`,
      { id: encodeGlobalID("Finding", `us-east-1/${usEast}/${findingId}`) },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      node: { findingId, detector: { detectorId: usEast, region: "us-east-1" } },
    });
    expect(calls).toEqual({ GetFindings: 1 });
  });

  it("a member's administratorDetector: no call beyond the members page", async () => {
    const { result, calls } = await run(
      `query($id: String!) { detector(detectorId: $id, region: "us-east-1") {
        members(first: 5, onlyAssociated: false) { edges { node { accountId administratorDetector { detectorId } } } } } }`,
      { id: usEast },
    );
    expect(result.errors).toBeUndefined();
    expect(JSON.stringify(result.data)).toContain(`"detectorId":"${usEast}"`);
    expect(calls).toEqual({ ListMembers: 1 });
  });

  it("one GetDetector per detector however many of its own fields are read", async () => {
    const { result, calls } = await run(
      `query($id: ID!) { node(id: $id) { ... on Detector { id status serviceRole tags { key } features { name } ${PAGE} } } }`,
      { id: detectorGlobalId },
    );
    expect(result.errors).toBeUndefined();
    expect(calls).toEqual({ GetDetector: 1, ListFindings: 1, GetFindings: 1 });
  });

  it("keeps the detector's global id: the same from a listing (GetDetector) and from the id (no call)", async () => {
    const listed = await run("{ detectors { id region } }");
    const ids = (listed.result.data as { detectors: { id: string; region: string }[] }).detectors;
    expect(ids.find((d) => d.region === "us-east-1")?.id).toBe(detectorGlobalId);
    expect(listed.calls).toEqual({ ListDetectors: 2, GetDetector: 2 });
    const byId = await run(`query($id: ID!) { node(id: $id) { id } }`, { id: detectorGlobalId });
    expect(byId.result.data).toEqual({ node: { id: detectorGlobalId } });
    expect(byId.calls).toEqual({});
  });

  it("detector(detectorId:) without a region finds it with one GetDetector per region, kept for its fields", async () => {
    const { result, calls } = await run(
      `query($id: String!) { detector(detectorId: $id) { region status ${PAGE} } }`,
      { id: usEast },
    );
    expect(result.errors).toBeUndefined();
    expect(calls).toEqual({ GetDetector: 2, ListFindings: 1, GetFindings: 1 });
  });
});

describe("an unknown or foreign detector ends as NOT_FOUND from the first call that touches it", () => {
  const unknown = "0123456789abcdef0123456789abcdef";

  it("through node(id:): the findings are null with NOT_FOUND at their path", async () => {
    const id = encodeGlobalID("Detector", `${kit.administrator.accountId}/us-east-1/${unknown}`);
    const { result, calls } = await run(
      `query($id: ID!) { node(id: $id) { ... on Detector { detectorId ${PAGE} } } }`,
      { id },
    );
    expect(result.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
      [["node", "findings"], "NOT_FOUND"],
    ]);
    expect(result.data).toEqual({ node: { detectorId: unknown, findings: null } });
    expect(calls).toEqual({ ListFindings: 1 });
  });

  it("another account's detector: NOT_FOUND, and nothing of that account in the answer", async () => {
    const member = kit.members.find((m) => m.detectorIds["us-east-1"]);
    const foreign = member?.detectorIds["us-east-1"] as string;
    const { result, calls } = await run(
      `query($id: String!) { detector(detectorId: $id, region: "us-east-1") {
        statistics(groupBy: SEVERITY) { groupBy } members(first: 5) { edges { node { accountId } } } status } }`,
      { id: foreign },
    );
    expect(new Set(result.errors?.map((e) => e.extensions?.code))).toEqual(new Set(["NOT_FOUND"]));
    expect(result.data).toEqual({ detector: { statistics: null, members: null, status: null } });
    expect(calls).toEqual({ GetFindingsStatistics: 1, ListMembers: 1, GetDetector: 1 });
  });
});

describe("per-region detector listing is shared by everything in one request", () => {
  it("detectors { statistics } over two regions: 2 ListDetectors and 2 GetFindingsStatistics", async () => {
    const { result, calls } = await run(
      "{ detectors { region statistics(groupBy: SEVERITY) { groupBy } } }",
    );
    expect(result.errors).toBeUndefined();
    expect(calls).toEqual({ ListDetectors: 2, GetFindingsStatistics: 2 });
  });

  it("finding(arn:) next to detectors lists the region once", async () => {
    const arn = [...(kit.sandbox.world.detectors.get(usEast)?.findings.values() ?? [])][0]?.arn;
    const { result, calls } = await run(
      `query($arn: String!) { finding(arn: $arn) { findingId } detectors { region } }`,
      { arn },
    );
    expect(result.errors).toBeUndefined();
    expect(calls).toEqual({ ListDetectors: 2, GetFindings: 1 });
  });
});

describe("the example operations make the minimum calls", () => {
  const onUsEast = () => ({ detectorId: usEast, region: "us-east-1" });
  const ofFamily = (family: "Runtime" | "AttackSequence") => ({
    ...onUsEast(),
    types: findingTypesOf(family)
      .map((info) => info.type)
      .slice(0, 50),
  });

  it.each<[string, DocumentNode, () => Record<string, unknown>, Record<string, number>]>([
    // The detectors' id and accountId read GetDetector: one per region.
    [
      "RecentFindings",
      RecentFindingsDocument,
      () => ({ first: 10 }),
      { ListDetectors: 2, GetDetector: 2, ListFindings: 2, GetFindings: 2 },
    ],
    // The detector's id reads GetDetector (its account).
    [
      "DetectorMembers",
      DetectorMembersDocument,
      onUsEast,
      { GetDetector: 1, ListMembers: 1, GetRemainingFreeTrialDays: 1 },
    ],
    ["FindingsBySeverity", FindingsBySeverityDocument, onUsEast, { GetFindingsStatistics: 1 }],
    [
      "FindingsBySeverity without a region",
      FindingsBySeverityDocument,
      () => ({ detectorId: usEast }),
      { GetDetector: 2, GetFindingsStatistics: 1 },
    ],
    ["PendingInvitations", PendingInvitationsDocument, () => ({}), { ListInvitations: 2 }],
    [
      "RuntimeFindings",
      RuntimeFindingsDocument,
      () => ofFamily("Runtime"),
      { ListFindings: 1, GetFindings: 1 },
    ],
  ])("%s", async (_name, document, variables, expected) => {
    const { result, calls } = await run(document, variables());
    expect(result.errors).toBeUndefined();
    expect(calls).toEqual(expected);
  });

  it("AttackSequences: the page, then the signals' findings in one more GetFindings at most", async () => {
    const { result, calls } = await run(AttackSequencesDocument, ofFamily("AttackSequence"));
    expect(result.errors).toBeUndefined();
    expect(calls.ListFindings).toBe(1);
    expect(calls.GetDetector).toBeUndefined();
    // The signals' findings are in the sequences' region: read through the same detector.
    expect(calls.ListDetectors).toBeUndefined();
    expect(calls.GetFindings).toBeGreaterThanOrEqual(1);
    expect(calls.GetFindings).toBeLessThanOrEqual(2);
  });

  describe("the mutations", () => {
    afterAll(() => kit.control("POST", "/_sandbox/reset"));

    function invitedMember(): { identity: PublicIdentity; invitationId: string } {
      const relationship = kit.sandbox.world.relationships.find(
        (r) => r.region === "us-east-1" && r.relationshipStatus === "Invited",
      );
      const identity = kit.members.find((m) => m.accountId === relationship?.memberAccountId);
      if (!relationship?.invitationId || !identity)
        throw new Error("the seed has no invited member");
      return { identity, invitationId: relationship.invitationId };
    }

    it("accept, then disassociate with the payload's detector id", async () => {
      const { identity, invitationId } = invitedMember();
      const member = gatewayFor(kit, identity);
      try {
        const input = { detectorId: identity.detectorIds["us-east-1"], region: "us-east-1" };
        const accepted = await run(
          AcceptAdministratorInvitationDocument,
          { input: { ...input, administratorId: kit.administrator.accountId, invitationId } },
          member,
        );
        expect(accepted.result.errors).toBeUndefined();
        expect(accepted.calls).toEqual({
          AcceptAdministratorInvitation: 1,
          GetAdministratorAccount: 1,
        });
        const left = await run(DisassociateFromAdministratorAccountDocument, { input }, member);
        expect(left.result.errors).toBeUndefined();
        // The payload's detector id reads GetDetector (its account).
        expect(left.calls).toEqual({
          DisassociateFromAdministratorAccount: 1,
          GetDetector: 1,
          GetAdministratorAccount: 1,
        });
      } finally {
        member.close();
      }
    });
  });
});
