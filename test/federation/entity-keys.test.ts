/**
 * Entities keyed by what other services know: a finding's ARN and an account id. References
 * are batched like any other lookup, refused per index before any call when malformed or out
 * of the caller's reach, and the pre-execution estimate covers them.
 */
import { type DocumentNode, parse } from "graphql";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Caller } from "../../src/auth/caller.js";
import { MAX_ENTITY_REPRESENTATIONS } from "../../src/graphql/entities.js";
import { schema } from "../../src/graphql/index.js";
import { estimateUpstreamCalls } from "../../src/graphql/upstream-estimate.js";
import { countBy, type GatewayKit, gatewayFor, operations } from "../kit/gateway.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";

let kit: SandboxKit;
let gateway: GatewayKit;
let usEast: string;
let arns: string[];
let memberIds: string[];
let accountWithFindings: string;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

const FINDINGS_BY_ARN = `query($reps: [_Any!]!) {
  _entities(representations: $reps) { ... on Finding { arn findingId severityLevel } }
}`;
const ACCOUNTS = `query($reps: [_Any!]!) {
  _entities(representations: $reps) {
    ... on AwsAccount {
      accountId
      memberships { relationshipStatus invitedAt updatedAt administratorDetector { region } }
      freeTrials { region features { name } }
    }
  }
}`;

type Entities<T> = { _entities: (T | null)[] };
type FindingEntity = { arn: string; findingId: string; severityLevel: string };
type AccountEntity = {
  accountId: string;
  memberships: { relationshipStatus: string; administratorDetector: { region: string } }[];
  freeTrials: { region: string; features: { name: string }[] }[];
};

const PAGE = `query($id: String!, $after: String) {
  detector(detectorId: $id, region: "us-east-1") {
    findings(first: 50, after: $after) { edges { node { arn accountId } } pageInfo { endCursor } }
  }
}`;
type Page = {
  detector: {
    findings: {
      edges: { node: { arn: string; accountId: string } }[];
      pageInfo: { endCursor: string };
    };
  };
};

beforeAll(async () => {
  kit = await startSandbox({ findingsPerDetector: 120, members: 50 });
  gateway = gatewayFor(kit, kit.administrator);
  usEast = kit.administrator.detectorIds["us-east-1"] as string;
  const first = await gateway.execute<Page>(PAGE, { id: usEast });
  const second = await gateway.execute<Page>(PAGE, {
    id: usEast,
    after: first.data?.detector.findings.pageInfo.endCursor,
  });
  const nodes = [first, second].flatMap(
    (page) => page.data?.detector.findings.edges.map((edge) => edge.node) ?? [],
  );
  arns = nodes.map((node) => node.arn);
  accountWithFindings = nodes.map((node) => node.accountId).find((id) => id !== undefined) ?? "";
  memberIds = kit.members.map((member) => member.accountId);
  process.on("unhandledRejection", onUnhandled);
});
afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  gateway.close();
  await kit.close();
});
beforeEach(() => kit.clearCalls());

/** The estimate a router-issued request gets before it runs. */
function estimate(query: string, variables: Record<string, unknown>): number | undefined {
  const document: DocumentNode = parse(query);
  return estimateUpstreamCalls({
    schema,
    document,
    variableValues: variables,
    regions: kit.administrator.regions,
  })?.calls;
}

const restricted = (caller: Partial<Caller>): Caller => ({
  name: "restricted",
  scopes: new Set(["findings:read", "members:read"]),
  ...caller,
});

describe('Finding @key(fields: "arn")', () => {
  it("resolves 100 ARN references on one detector with 2 GetFindings, in order", async () => {
    expect(arns).toHaveLength(100);
    const reps = arns.map((arn) => ({ __typename: "Finding", arn }));
    const result = await gateway.execute<Entities<FindingEntity>>(FINDINGS_BY_ARN, { reps });
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities.map((finding) => finding?.arn)).toEqual(arns);
    const made = countBy(await operations(kit));
    expect(made).toEqual({ ListDetectors: 1, GetFindings: 2 });
    expect(estimate(FINDINGS_BY_ARN, { reps })).toBe(3);
  });

  it("resolves ARN and global id references side by side, within the estimate", async () => {
    const ids = await gateway.execute<{ finding: { id: string } }>(
      "query($arn: String!) { finding(arn: $arn) { id } }",
      { arn: arns[0] },
    );
    await kit.clearCalls();
    const reps = [
      { __typename: "Finding", id: ids.data?.finding.id },
      { __typename: "Finding", arn: arns[1] },
    ];
    const result = await gateway.execute<Entities<FindingEntity>>(FINDINGS_BY_ARN, { reps });
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities.map((finding) => finding?.arn)).toEqual([arns[0], arns[1]]);
    // ARN references wait for their region's ListDetectors, so they batch among themselves.
    expect(countBy(await operations(kit))).toEqual({ ListDetectors: 1, GetFindings: 2 });
    expect(estimate(FINDINGS_BY_ARN, { reps })).toBe(3);
  });

  it("refuses malformed ARNs and foreign regions per index, without a call", async () => {
    const good = arns[0] as string;
    const reps = [
      { __typename: "Finding", arn: "arn:aws:guardduty:us-east-1:1234:detector/x/finding/y" },
      { __typename: "Finding", arn: good.replace("us-east-1", "ap-south-2") },
      { __typename: "Finding", arn: 42 },
      { __typename: "Finding", arn: `${good}/../../x` },
      { __typename: "Finding", arn: "a".repeat(10_000) },
      { __typename: "Finding" },
    ];
    const result = await gateway.execute<Entities<FindingEntity>>(FINDINGS_BY_ARN, { reps });
    expect(result.status).toBe(200);
    expect(result.data?._entities).toEqual([null, null, null, null, null, null]);
    const codes = Object.fromEntries(
      (result.errors ?? []).map((error) => [error.path?.[1], error.extensions?.code]),
    );
    expect(codes).toEqual({
      0: "BAD_USER_INPUT",
      1: "NOT_FOUND",
      2: "BAD_USER_INPUT",
      3: "BAD_USER_INPUT",
      4: "BAD_USER_INPUT",
      5: "BAD_USER_INPUT",
    });
    expect(JSON.stringify(result.errors)).not.toContain("a".repeat(100));
    expect(await kit.calls()).toEqual([]);
    expect(unhandled).toEqual([]);
  });

  it("applies the caller's region and account restrictions before any call", async () => {
    const limited = gatewayFor(kit, kit.administrator, {
      caller: restricted({ regions: ["eu-west-1"] }),
    });
    const noFindings = gatewayFor(kit, kit.administrator, {
      caller: restricted({ scopes: new Set(["members:read"]) }),
    });
    try {
      const reps = [{ __typename: "Finding", arn: arns[0] }];
      for (const on of [limited, noFindings]) {
        const result = await on.execute<Entities<FindingEntity>>(FINDINGS_BY_ARN, { reps });
        expect(result.data?._entities).toEqual([null]);
        expect(result.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      }
      expect(await kit.calls()).toEqual([]);
    } finally {
      limited.close();
      noFindings.close();
    }
  });
});

describe('AwsAccount @key(fields: "accountId")', () => {
  it("resolves 50 account references with 1 GetMembers and 1 GetRemainingFreeTrialDays per region", async () => {
    expect(memberIds).toHaveLength(50);
    const reps = memberIds.map((accountId) => ({ __typename: "AwsAccount", accountId }));
    const result = await gateway.execute<Entities<AccountEntity>>(ACCOUNTS, { reps });
    expect(result.errors).toBeUndefined();
    const accounts = result.data?._entities ?? [];
    expect(accounts.map((account) => account?.accountId)).toEqual(memberIds);
    // Every seeded member has a relationship with the administrator in each of its regions.
    for (const account of accounts) {
      expect(account?.memberships.map((m) => m.administratorDetector.region).sort()).toEqual(
        [...kit.administrator.regions].sort(),
      );
    }
    const regions = kit.administrator.regions.length;
    const calls = await kit.calls();
    expect(countBy(calls.map((call) => call.operation))).toEqual({
      ListDetectors: regions,
      GetMembers: regions,
      GetRemainingFreeTrialDays: regions,
    });
    expect(countBy(calls.map((call) => `${call.operation}@${call.region}`))).toEqual(
      Object.fromEntries(
        kit.administrator.regions.flatMap((region) => [
          [`ListDetectors@${region}`, 1],
          [`GetMembers@${region}`, 1],
          [`GetRemainingFreeTrialDays@${region}`, 1],
        ]),
      ),
    );
    expect(estimate(ACCOUNTS, { reps })).toBe(3 * regions);
  });

  it("batches what hangs below 50 memberships per region too, and estimates it exactly", async () => {
    const query = `query($reps: [_Any!]!) { _entities(representations: $reps) {
      ... on AwsAccount { memberships { freeTrial { features { name } } administratorDetector { status } } } } }`;
    const reps = memberIds.map((accountId) => ({ __typename: "AwsAccount", accountId }));
    const result = await gateway.execute(query, { reps });
    expect(result.errors).toBeUndefined();
    const regions = kit.administrator.regions.length;
    expect(countBy(await operations(kit))).toEqual({
      ListDetectors: regions,
      GetMembers: regions,
      GetRemainingFreeTrialDays: regions,
      GetDetector: regions,
    });
    expect(estimate(query, { reps })).toBe(4 * regions);
  });

  it("pushes the account down to GuardDuty as an accountId criterion for its findings", async () => {
    const accountId = accountWithFindings;
    const query = `query($reps: [_Any!]!) { _entities(representations: $reps) {
      ... on AwsAccount { findings(first: 5) { edges { node { accountId } } }
                          statistics(groupBy: SEVERITY) { groups { totalFindings } } } } }`;
    const reps = [{ __typename: "AwsAccount", accountId }];
    const result = await gateway.execute<
      Entities<{ findings: { edges: { node: { accountId: string } }[] } }>
    >(query, { reps });
    expect(result.errors).toBeUndefined();
    const nodes = result.data?._entities[0]?.findings.edges ?? [];
    expect(nodes.length).toBeGreaterThan(0);
    for (const edge of nodes) expect(edge.node.accountId).toBe(accountId);
    const calls = await kit.calls();
    const listed = calls.filter((call) => call.operation !== "ListDetectors");
    expect(listed.map((call) => call.operation).sort()).toEqual([
      "GetFindings",
      "GetFindingsStatistics",
      "ListFindings",
    ]);
    for (const call of listed.filter((c) => c.operation !== "GetFindings")) {
      expect(call.findingCriteria?.criterion?.accountId).toEqual({ equals: [accountId] });
    }
    expect(calls.length).toBeLessThanOrEqual(estimate(query, { reps }) as number);
  });

  it("refuses malformed and foreign account ids per index, without a call", async () => {
    const limited = gatewayFor(kit, kit.administrator, {
      caller: restricted({ accounts: [memberIds[0] as string] }),
    });
    try {
      const reps = [
        { __typename: "AwsAccount", accountId: memberIds[1] },
        { __typename: "AwsAccount", accountId: "12345" },
        { __typename: "AwsAccount", accountId: 123456789012 },
        { __typename: "AwsAccount" },
      ];
      const result = await limited.execute<Entities<AccountEntity>>(
        "query($reps: [_Any!]!) { _entities(representations: $reps) { ... on AwsAccount { accountId memberships { relationshipStatus } } } }",
        { reps },
      );
      expect(result.data?._entities).toEqual([null, null, null, null]);
      expect(
        Object.fromEntries(
          (result.errors ?? []).map((error) => [error.path?.[1], error.extensions?.code]),
        ),
      ).toEqual({ 0: "FORBIDDEN", 1: "BAD_USER_INPUT", 2: "BAD_USER_INPUT", 3: "BAD_USER_INPUT" });
      expect(await kit.calls()).toEqual([]);
    } finally {
      limited.close();
    }
  });

  it("asks for the members:read scope on memberships", async () => {
    const findingsOnly = gatewayFor(kit, kit.administrator, {
      caller: restricted({ scopes: new Set(["findings:read"]) }),
    });
    try {
      const result = await findingsOnly.execute<Entities<AccountEntity>>(ACCOUNTS, {
        reps: [{ __typename: "AwsAccount", accountId: memberIds[0] }],
      });
      expect(result.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      expect(await kit.calls()).toEqual([]);
    } finally {
      findingsOnly.close();
    }
  });

  it(`refuses more than ${MAX_ENTITY_REPRESENTATIONS} references before any call`, async () => {
    const reps = Array.from({ length: MAX_ENTITY_REPRESENTATIONS + 1 }, () => ({
      __typename: "AwsAccount",
      accountId: memberIds[0],
    }));
    const result = await gateway.execute(ACCOUNTS, { reps });
    expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(await kit.calls()).toEqual([]);
  });
});
