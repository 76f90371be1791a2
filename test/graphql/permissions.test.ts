import { encodeGlobalID } from "@pothos/plugin-relay";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Caller, SCOPES, type Scope } from "../../src/auth/caller.js";
import { type GatewayKit, gatewayFor, operations } from "../kit/gateway.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";

const US = "us-east-1";
const EU = "eu-west-1";

let kit: SandboxKit;
let open: GatewayKit;
/** Values the queries need: the administrator's detector, a finding, a member. */
let ids: {
  detector: string;
  detectorNode: string;
  findingId: string;
  findingArn: string;
  findingNode: string;
  member: string;
  memberNode: string;
};

function callerWith(scopes: readonly Scope[], restrict: Partial<Caller> = {}): Caller {
  return { name: "test", scopes: new Set(scopes), ...restrict };
}

const gateways: GatewayKit[] = [];
function gatewayAs(caller: Caller, regions = [US]): GatewayKit {
  const gateway = gatewayFor(kit, kit.administrator, { regions, caller });
  gateways.push(gateway);
  return gateway;
}

beforeAll(async () => {
  kit = await startSandbox({ findingsPerDetector: 30 });
  open = gatewayFor(kit, kit.administrator, { regions: [US, EU] });
  const detector = kit.administrator.detectorIds[US] as string;
  const found = await open.execute<{
    detector: {
      id: string;
      findings: { edges: { node: { id: string; findingId: string; arn: string } }[] };
      members: { edges: { node: { id: string; accountId: string } }[] };
    };
  }>(
    `query($d: String!) { detector(detectorId: $d, region: "${US}") { id
      findings(first: 1) { edges { node { id findingId arn } } }
      members(first: 1) { edges { node { id accountId } } } } }`,
    { d: detector },
  );
  const finding = found.data?.detector.findings.edges[0]?.node;
  const member = found.data?.detector.members.edges[0]?.node;
  if (!finding || !member) throw new Error("the seed has no finding or member");
  ids = {
    detector,
    detectorNode: found.data?.detector.id as string,
    findingId: finding.findingId,
    findingArn: finding.arn,
    findingNode: finding.id,
    member: member.accountId,
    memberNode: member.id,
  };
});
afterAll(async () => {
  for (const gateway of [open, ...gateways]) gateway.close();
  await kit.close();
});
beforeEach(async () => {
  await kit.control("POST", "/_sandbox/reset");
  await kit.clearCalls();
});

interface Case {
  /** The field as written in the query (inside `detector(...) { }` when `onDetector`). */
  field: string;
  /** The caller needs any one of these. */
  scopes: Scope[];
  onDetector?: boolean;
}

const READ: Scope[] = ["findings:read", "members:read"];

/** Every root field, and every Detector field that needs more than reaching the detector. */
const CASES: Record<string, Case> = {
  detectors: { field: "detectors { detectorId }", scopes: READ },
  detector: { field: `detector(detectorId: $d, region: "${US}") { detectorId }`, scopes: READ },
  finding: { field: "finding(arn: $arn) { findingId }", scopes: ["findings:read"] },
  invitations: { field: "invitations { accountId }", scopes: ["members:read"] },
  "node (Finding)": { field: "node(id: $findingNode) { id }", scopes: ["findings:read"] },
  "node (Member)": { field: "node(id: $memberNode) { id }", scopes: ["members:read"] },
  "node (Detector)": { field: "node(id: $detectorNode) { id }", scopes: READ },
  "nodes (Finding)": { field: "nodes(ids: [$findingNode]) { id }", scopes: ["findings:read"] },
  "nodes (Member)": { field: "nodes(ids: [$memberNode]) { id }", scopes: ["members:read"] },
  "_entities (Finding)": {
    field: `_entities(representations: [{ __typename: "Finding", id: $findingNode }]) { ... on Finding { id } }`,
    scopes: ["findings:read"],
  },
  "_entities (Member)": {
    field: `_entities(representations: [{ __typename: "Member", id: $memberNode }]) { ... on Member { id } }`,
    scopes: ["members:read"],
  },
  "Detector.findings": {
    field: "findings(first: 3) { edges { node { id } } }",
    scopes: ["findings:read"],
    onDetector: true,
  },
  "Detector.finding": {
    field: "finding(id: $findingId) { findingId }",
    scopes: ["findings:read"],
    onDetector: true,
  },
  "Detector.statistics": {
    field: "statistics(groupBy: SEVERITY) { groups { totalFindings } }",
    scopes: ["findings:read"],
    onDetector: true,
  },
  "Detector.members": {
    field: "members(first: 3) { edges { node { accountId } } }",
    scopes: ["members:read"],
    onDetector: true,
  },
  "Detector.member": {
    field: "member(accountId: $member) { accountId }",
    scopes: ["members:read"],
    onDetector: true,
  },
  "Detector.freeTrial": {
    field: "freeTrial(accountIds: [$member]) { accountId }",
    scopes: ["members:read"],
    onDetector: true,
  },
  "Detector.administrator": {
    field: "administrator { accountId }",
    scopes: ["members:read"],
    onDetector: true,
  },
};

const VARIABLE_TYPES: Record<string, string> = {
  d: "String!",
  arn: "String!",
  findingId: "String!",
  member: "String!",
  findingNode: "ID!",
  memberNode: "ID!",
  detectorNode: "ID!",
};

/** An operation around `body`, declaring the variables it uses, and their values. */
function operation(
  body: string,
  kind: "query" | "mutation" = "query",
): { query: string; variables: Record<string, string> } {
  const used = [...new Set([...body.matchAll(/\$(\w+)/g)].map((match) => match[1] as string))];
  const values: Record<string, string> = {
    d: ids.detector,
    arn: ids.findingArn,
    findingId: ids.findingId,
    member: ids.member,
    findingNode: ids.findingNode,
    memberNode: ids.memberNode,
    detectorNode: ids.detectorNode,
  };
  const declared = used.map((name) => `$${name}: ${VARIABLE_TYPES[name]}`).join(", ");
  return {
    query: `${kind}${declared ? `(${declared})` : ""} { ${body} }`,
    variables: Object.fromEntries(used.map((name) => [name, values[name] as string])),
  };
}

/** A field the caller may read beside the one under test, so "the rest intact" is seen. */
function witness(scopes: readonly Scope[]): string {
  if (scopes.includes("findings:read")) return "witness: finding(arn: $arn) { findingId }";
  if (scopes.includes("members:read")) return "witness: invitations { accountId }";
  return "witness: __typename";
}

/** The operation with the case's field, or without it (to compare the calls made). */
function document(test: Case, scopes: readonly Scope[], withField: boolean) {
  const field = withField ? test.field : "";
  return operation(
    test.onDetector
      ? `${witness(scopes)} detector(detectorId: $d, region: "${US}") { detectorId ${field} }`
      : `${witness(scopes)} ${field}`,
  );
}

async function run(gateway: GatewayKit, request: ReturnType<typeof operation>) {
  return gateway.execute<Record<string, unknown>>(request.query, request.variables);
}

function pathOf(test: Case): string[] {
  const root = test.field.split(/[ ({]/)[0] as string;
  return test.onDetector ? ["detector", root] : [root];
}

describe("scopes: every root field and Detector field", () => {
  for (const [name, test] of Object.entries(CASES)) {
    it(`${name} answers with ${test.scopes.join(" or ")}`, async () => {
      for (const scope of test.scopes) {
        const gateway = gatewayAs(callerWith([scope]));
        const result = await run(gateway, document(test, [scope], true));
        expect(result.errors, `${name} with ${scope}`).toBeUndefined();
        expect(result.data).toBeTruthy();
      }
    });

    it(`${name} without ${test.scopes.join(" or ")} is FORBIDDEN alone, with no GuardDuty call for it`, async () => {
      // Every other scope, and reaching the detector still possible where one read scope is left.
      const others = SCOPES.filter((scope) => !test.scopes.includes(scope));
      const gateway = gatewayAs(callerWith(others));
      await run(gateway, document(test, others, false));
      const without = (await operations(kit)).sort();
      await kit.clearCalls();
      const result = await run(gateway, document(test, others, true));
      expect((await operations(kit)).sort()).toEqual(without);
      const path = pathOf(test);
      const refused = result.errors?.filter((e) => e.extensions?.code === "FORBIDDEN") ?? [];
      expect(refused.length).toBeGreaterThan(0);
      expect(result.errors?.every((e) => e.extensions?.code === "FORBIDDEN")).toBe(true);
      for (const error of refused) {
        expect(error.message).toBe(`missing scope ${test.scopes.join(" or ")}`);
        expect(error.path?.slice(0, path.length)).toEqual(path);
      }
      expect(result.data?.witness).toBeTruthy();
    });
  }
});

const MUTATIONS: Record<string, { scope: Scope; field: (input: string) => string }> = {
  archiveFindings: {
    scope: "findings:write",
    field: (i) => `archiveFindings(input: { ${i}, findingIds: [$findingId] })`,
  },
  unarchiveFindings: {
    scope: "findings:write",
    field: (i) => `unarchiveFindings(input: { ${i}, findingIds: [$findingId] })`,
  },
  updateFindingsFeedback: {
    scope: "findings:write",
    field: (i) =>
      `updateFindingsFeedback(input: { ${i}, findingIds: [$findingId], feedback: USEFUL })`,
  },
  acceptAdministratorInvitation: {
    scope: "account:write",
    field: (i) =>
      `acceptAdministratorInvitation(input: { ${i}, administratorId: "111122223333", invitationId: "x" })`,
  },
  disassociateFromAdministratorAccount: {
    scope: "account:write",
    field: (i) => `disassociateFromAdministratorAccount(input: { ${i} })`,
  },
};

function mutation(name: keyof typeof MUTATIONS, alias = name): string {
  const field = MUTATIONS[name]?.field(`detectorId: $d, region: "${US}"`);
  return `${alias}: ${field} { __typename ... on MutationError { message } }`;
}

describe("scopes: every mutation", () => {
  for (const [name, { scope }] of Object.entries(MUTATIONS)) {
    it(`${name} runs with ${scope}; without it answers NotAllowedError and calls nothing`, async () => {
      const allowed = await run(
        gatewayAs(callerWith([scope])),
        operation(`${mutation(name)}`, "mutation"),
      );
      expect(allowed.errors).toBeUndefined();
      const answer = allowed.data?.[name] as { __typename: string } | undefined;
      expect(answer?.__typename).toBeDefined();
      expect(answer?.__typename).not.toBe("NotAllowedError");
      expect((await operations(kit)).length).toBeGreaterThan(0);

      await kit.clearCalls();
      const others = SCOPES.filter((other) => other !== scope);
      const refused = await run(
        gatewayAs(callerWith(others)),
        operation(`${mutation(name)}`, "mutation"),
      );
      expect(refused.errors).toBeUndefined();
      expect(refused.data?.[name]).toEqual({
        __typename: "NotAllowedError",
        message: `missing scope ${scope}`,
      });
      expect(await operations(kit)).toEqual([]);
    });
  }

  it("a refused mutation leaves the others of the request to run", async () => {
    const result = await run(
      gatewayAs(callerWith(["findings:write"])),
      operation(
        `${mutation("disassociateFromAdministratorAccount")} ${mutation("archiveFindings")}`,
        "mutation",
      ),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      disassociateFromAdministratorAccount: {
        __typename: "NotAllowedError",
        message: "missing scope account:write",
      },
      archiveFindings: { __typename: "FindingsPayload" },
    });
    expect(await operations(kit)).toContain("ArchiveFindings");
    expect(await operations(kit)).not.toContain("DisassociateFromAdministratorAccount");
  });

  it("changing findings does not grant reading them: the payload's findings are FORBIDDEN, unread", async () => {
    const result = await run(
      gatewayAs(callerWith(["findings:write"])),
      operation(
        `archiveFindings(input: { detectorId: $d, region: "${US}", findingIds: [$findingId] }) { ... on FindingsPayload { findings { findingId } } }`,
        "mutation",
      ),
    );
    expect(result.data).toEqual({ archiveFindings: { findings: [null] } });
    expect(result.errors).toEqual([
      expect.objectContaining({
        message: "missing scope findings:read",
        path: ["archiveFindings", "findings", 0],
        extensions: expect.objectContaining({ code: "FORBIDDEN" }),
      }),
    ]);
    expect(await operations(kit)).not.toContain("GetFindings");
  });
});

describe("region restriction", () => {
  it("a caller limited to one region sees only it, and ids or arguments naming another are FORBIDDEN before any call", async () => {
    const gateway = gatewayAs(callerWith([...SCOPES], { regions: [US] }), [US, EU]);
    const euDetector = kit.administrator.detectorIds[EU] as string;
    const euFinding = encodeGlobalID("Finding", `${EU}/${euDetector}/${ids.findingId}`);
    const euArn = ids.findingArn.replace(`:${US}:`, `:${EU}:`);
    const result = await gateway.execute<{
      detectors: { region: string }[];
      anywhere: { region: string } | null;
      eu: unknown;
      euFinding: unknown;
      nodes: unknown[];
      euInvitations: unknown;
    }>(
      `query($eu: String!, $us: String!, $arn: String!, $node: ID!) {
        detectors { region }
        anywhere: detector(detectorId: $us) { region }
        eu: detector(detectorId: $eu, region: "${EU}") { region }
        euFinding: finding(arn: $arn) { id }
        nodes(ids: [$node]) { id }
      }`,
      { eu: euDetector, us: ids.detector, arn: euArn, node: euFinding },
    );
    expect(result.data?.detectors).toEqual([{ region: US }]);
    expect(result.data?.anywhere).toEqual({ region: US });
    expect(result.data?.eu).toBeNull();
    expect(result.data?.euFinding).toBeNull();
    expect(result.data?.nodes).toEqual([null]);
    const refusals = (result.errors ?? []).map((e) => [e.path?.join("."), e.extensions?.code]);
    expect(refusals).toEqual(
      expect.arrayContaining([
        ["eu", "FORBIDDEN"],
        ["euFinding", "FORBIDDEN"],
        ["nodes.0", "FORBIDDEN"],
      ]),
    );
    expect(result.errors).toHaveLength(3);
    expect(result.errors?.[0]?.message).toMatch(/Region "eu-west-1" is not allowed/);
    const calls = await kit.calls();
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((call) => call.region === US)).toBe(true);
  });

  it("invitations of a refused region, and a mutation on its detector, are refused without a call", async () => {
    const gateway = gatewayAs(callerWith([...SCOPES], { regions: [US] }), [US, EU]);
    const invitations = await gateway.execute(`{ invitations(region: "${EU}") { accountId } }`);
    expect(invitations.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const archived = await gateway.execute<{ archiveFindings: unknown }>(
      `mutation($d: String!, $f: String!) { archiveFindings(input: { detectorId: $d, region: "${EU}", findingIds: [$f] }) { __typename ... on MutationError { message } } }`,
      { d: kit.administrator.detectorIds[EU], f: ids.findingId },
    );
    expect(archived.data?.archiveFindings).toEqual({
      __typename: "NotAllowedError",
      message: expect.stringMatching(/Region "eu-west-1" is not allowed/),
    });
    expect(await kit.calls()).toEqual([]);
  });
});

describe("account restriction", () => {
  interface Seen {
    findingId: string;
    accountId: string;
    arn: string;
  }
  /** Findings the administrator's detector sees, by account (through the open gateway). */
  async function findingsByAccount(): Promise<Map<string, Seen[]>> {
    const all = await open.execute<{
      detector: { findings: { edges: { node: Seen }[] } };
    }>(
      `query($d: String!) { detector(detectorId: $d, region: "${US}") { findings(first: 50) { edges { node { findingId accountId arn } } } } }`,
      { d: ids.detector },
    );
    const byAccount = new Map<string, Seen[]>();
    for (const { node } of all.data?.detector.findings.edges ?? []) {
      byAccount.set(node.accountId, [...(byAccount.get(node.accountId) ?? []), node]);
    }
    await kit.clearCalls();
    return byAccount;
  }

  it("pushes an accountId criterion to ListFindings and statistics, intersected with the client's", async () => {
    const byAccount = await findingsByAccount();
    const [allowed, other] = [...byAccount.keys()] as [string, string];
    expect(other).toBeDefined();
    const gateway = gatewayAs(callerWith([...SCOPES], { accounts: [allowed] }));
    const result = await gateway.execute<{
      detector: {
        findings: { edges: { node: { accountId: string } }[] };
        named: { edges: unknown[] };
        none: { edges: unknown[] };
        statistics: { groups: { accountId: string }[] };
      };
    }>(
      `query($d: String!, $both: [String!]!, $other: [String!]!) { detector(detectorId: $d, region: "${US}") {
        findings(first: 50) { edges { node { accountId } } }
        named: findings(first: 50, filter: { accountIds: $both }) { edges { cursor } }
        none: findings(first: 50, filter: { accountIds: $other }) { edges { cursor } }
        statistics(groupBy: ACCOUNT) { groups { accountId } }
      } }`,
      { d: ids.detector, both: [allowed, other], other: [other] },
    );
    expect(result.errors).toBeUndefined();
    const accounts = result.data?.detector.findings.edges.map((edge) => edge.node.accountId);
    // Every finding of the allowed account, none of the others'.
    expect(accounts).toEqual(byAccount.get(allowed)?.map(() => allowed));
    expect(result.data?.detector.named.edges).toHaveLength(accounts?.length ?? -1);
    expect(result.data?.detector.none.edges).toEqual([]);
    expect(result.data?.detector.statistics.groups).toEqual([{ accountId: allowed }]);
    const filtered = (await kit.calls()).filter((call) =>
      ["ListFindings", "GetFindingsStatistics"].includes(call.operation),
    );
    // Three fields asked GuardDuty (the one naming only another account did not), each with
    // the criterion; GetFindings read only the allowed account's findings.
    expect(filtered.map((call) => call.operation).sort()).toEqual([
      "GetFindingsStatistics",
      "ListFindings",
      "ListFindings",
    ]);
    for (const call of filtered) {
      expect(call.findingCriteria?.criterion?.accountId).toEqual({ equals: [allowed] });
    }
    const read = (await kit.calls()).filter((call) => call.operation === "GetFindings");
    expect(read.reduce((sum, call) => sum + call.itemCount, 0)).toBe(accounts?.length);
  });

  it("refuses direct lookups of another account's findings without reading them", async () => {
    const byAccount = await findingsByAccount();
    const [allowed, other] = [...byAccount.keys()] as [string, string];
    const mine = byAccount.get(allowed)?.[0] as Seen;
    const theirs = byAccount.get(other)?.[0] as Seen;
    const gateway = gatewayAs(callerWith([...SCOPES], { accounts: [allowed] }));
    const result = await gateway.execute<Record<string, unknown>>(
      `query($d: String!, $mine: String!, $theirs: String!, $theirArn: String!, $node: ID!) {
        byArn: finding(arn: $theirArn) { id }
        node(id: $node) { id }
        detector(detectorId: $d, region: "${US}") {
          mine: finding(id: $mine) { accountId }
          theirs: finding(id: $theirs) { accountId }
        }
      }`,
      {
        d: ids.detector,
        mine: mine.findingId,
        theirs: theirs.findingId,
        theirArn: theirs.arn,
        node: encodeGlobalID("Finding", `${US}/${ids.detector}/${theirs.findingId}`),
      },
    );
    expect(result.data).toEqual({
      byArn: null,
      node: null,
      detector: { mine: { accountId: allowed }, theirs: null },
    });
    const codes = Object.fromEntries(
      (result.errors ?? []).map((e) => [e.path?.join("."), e.extensions?.code]),
    );
    // The ARN names its account: refused before any call. An id does not: GuardDuty's own
    // criteria say it is not the caller's, and it answers as any unknown id would.
    expect(codes).toEqual({
      byArn: "FORBIDDEN",
      node: "NOT_FOUND",
      "detector.theirs": "NOT_FOUND",
    });
    const read = (await kit.calls()).filter((call) => call.operation === "GetFindings");
    expect(read.map((call) => call.itemCount)).toEqual([1]);
  });

  it("limits members and free-trial days to the allowed accounts, and refuses changing others' findings", async () => {
    const byAccount = await findingsByAccount();
    const [allowed, other] = [...byAccount.keys()].filter(
      (account) => account !== kit.administrator.accountId,
    ) as [string, string];
    const gateway = gatewayAs(callerWith([...SCOPES], { accounts: [allowed] }));
    const result = await gateway.execute<{
      detector: {
        members: { edges: { node: { accountId: string } }[] };
        other: unknown;
        freeTrial: ({ accountId: string } | null)[];
      };
    }>(
      `query($d: String!, $other: String!, $both: [String!]!) { detector(detectorId: $d, region: "${US}") {
        members(onlyAssociated: false) { edges { node { accountId } } }
        other: member(accountId: $other) { accountId }
        freeTrial(accountIds: $both) { accountId }
      } }`,
      { d: ids.detector, other, both: [allowed, other] },
    );
    expect(result.data?.detector.members.edges).toEqual([{ node: { accountId: allowed } }]);
    expect(result.data?.detector.other).toBeNull();
    expect(result.data?.detector.freeTrial).toEqual([{ accountId: allowed }, null]);
    expect((result.errors ?? []).map((e) => [e.path?.join("."), e.extensions?.code])).toEqual(
      expect.arrayContaining([
        ["detector.other", "FORBIDDEN"],
        ["detector.freeTrial.1", "FORBIDDEN"],
      ]),
    );
    const calls = await kit.calls();
    expect(calls.map((call) => call.operation)).not.toContain("ListMembers");
    for (const call of calls.filter((c) => c.operation !== "GetDetector")) {
      expect(call.itemCount, call.operation).toBe(1);
    }

    await kit.clearCalls();
    const theirs = byAccount.get(other)?.[0]?.findingId as string;
    const archived = await gateway.execute<{ archiveFindings: unknown }>(
      `mutation($d: String!, $f: String!) { archiveFindings(input: { detectorId: $d, region: "${US}", findingIds: [$f] }) { __typename ... on MutationError { message } } }`,
      { d: ids.detector, f: theirs },
    );
    expect(archived.data?.archiveFindings).toEqual({
      __typename: "NotFoundError",
      message: expect.stringContaining(theirs),
    });
    expect(await operations(kit)).not.toContain("ArchiveFindings");
  });
});
