/**
 * The shared read cache through the whole gateway (yoga.fetch), against the sandbox through the
 * real SDK, counting calls from the sandbox's call log. The cache's clock is a fake one.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Caller, SCOPES, type Scope } from "../../src/auth/caller.js";
import { type CacheStore, createMemoryStore } from "../../src/aws/cache-stores.js";
import { createReadCache, type ReadCache } from "../../src/aws/read-cache.js";
import type { PublicIdentity } from "../../src/sandbox/sandbox.js";
import {
  countBy,
  type GatewayKit,
  gatewayFor,
  operations,
  SANDBOX_SETTINGS,
} from "../kit/gateway.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";

const REGION = "us-east-1";
const TTL_MS = 15_000;

let kit: SandboxKit;
const clock = { now: 1_000_000 };
const opened: GatewayKit[] = [];

beforeAll(async () => {
  kit = await startSandbox({ findingsPerDetector: 60 });
});
afterAll(async () => {
  for (const gateway of opened) gateway.close();
  await kit.close();
});
beforeEach(async () => {
  await kit.control("POST", "/_sandbox/reset");
  await kit.control("PUT", "/_sandbox/faults", []);
  await kit.clearCalls();
});

function cacheFor(identity: PublicIdentity, store: CacheStore = memoryStore()): ReadCache {
  return createReadCache({
    store,
    ttlMs: TTL_MS,
    principal: async () => identity.accessKeyId,
    sharedTimeoutMs: 25_000,
    now: () => clock.now,
  });
}

function memoryStore(): CacheStore {
  return createMemoryStore({ maxEntries: 10_000, maxChars: 64_000_000 });
}

function cachedGateway(
  identity: PublicIdentity,
  cache: ReadCache | undefined,
  caller?: Caller,
): GatewayKit {
  const gateway = gatewayFor(kit, identity, {
    regions: [REGION],
    gateway: { ...SANDBOX_SETTINGS, maxConcurrentRequests: 1_000, ...(cache ? { cache } : {}) },
    ...(caller ? { caller } : {}),
  });
  opened.push(gateway);
  return gateway;
}

/** A security dashboard: detectors, severity counts, the latest findings, members. */
const DASHBOARD = `query Dashboard {
  detectors {
    id
    status
    statistics(groupBy: SEVERITY, filter: { archived: false }) { groups { severity totalFindings lastGeneratedAt } }
    findings(first: 10, filter: { archived: false }, orderBy: { field: UPDATED_AT, direction: DESC }) {
      edges { node { findingId title severity archived updatedAt service { userFeedback } } }
    }
    members(first: 10, onlyAssociated: false) {
      edges { node { accountId relationshipStatus freeTrial { features { name freeTrialDaysRemaining } } } }
    }
  }
}`;

async function callCounts(run: () => Promise<unknown>): Promise<Record<string, number>> {
  await kit.clearCalls();
  await run();
  return countBy(await operations(kit));
}

function times(counts: Record<string, number>, n: number): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).map(([op, count]) => [op, count * n]));
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

function expectAnswered(result: { status: number; errors?: unknown[] }) {
  expect(result.status).toBe(200);
  expect(result.errors).toBeUndefined();
}

describe("a shared cache of GuardDuty reads", () => {
  it("100 concurrent dashboards cost the calls of one; polling for a minute costs one set per window", async () => {
    const uncached = cachedGateway(kit.administrator, undefined);
    const oneSet = await callCounts(async () => expectAnswered(await uncached.execute(DASHBOARD)));
    expect(oneSet).toMatchObject({ ListDetectors: 1, ListFindings: 1, GetFindings: 1 });
    expect(oneSet.GetFindingsStatistics).toBe(1);
    expect(oneSet.ListMembers).toBe(1);
    expect(oneSet.GetRemainingFreeTrialDays).toBe(1);
    const gateway = cachedGateway(kit.administrator, cacheFor(kit.administrator));
    const poll = () =>
      Promise.all(
        Array.from({ length: 100 }, async () => expectAnswered(await gateway.execute(DASHBOARD))),
      );
    const start = clock.now;
    expect(await callCounts(poll)).toEqual(oneSet);
    // 100 clients polling every 10 s for a minute (rounds at 0, 10, ... 60 s): the entries
    // filled at 0 s answer until 15 s, so rounds at 0, 20, 40 and 60 s ask GuardDuty.
    const all = await callCounts(async () => {
      for (let second = 10; second <= 60; second += 10) {
        clock.now = start + second * 1_000;
        await poll();
      }
    });
    expect(all).toEqual(times(oneSet, 3));
    console.log(
      `100 clients x 7 polls (every 10 s for 60 s, TTL 15 s): ${sum(oneSet) * 4} GuardDuty calls; one dashboard costs ${sum(oneSet)}`,
    );
  }, 300_000);

  it("answers the same data from the cache as GuardDuty gave", async () => {
    const uncached = cachedGateway(kit.administrator, undefined);
    const gateway = cachedGateway(kit.administrator, cacheFor(kit.administrator));
    const fresh = await uncached.execute(DASHBOARD);
    await gateway.execute(DASHBOARD);
    expect(await gateway.execute(DASHBOARD)).toEqual(fresh);
  });

  it("each mutation of ours makes the next read ask GuardDuty, and see the change", async () => {
    const gateway = cachedGateway(kit.administrator, cacheFor(kit.administrator));
    const detectorId = kit.administrator.detectorIds[REGION] as string;
    const read = `query($id: String!, $finding: String!) { detector(detectorId: $id, region: "${REGION}") { finding(id: $finding) { archived service { userFeedback } } } }`;
    const [findingId] = [...(kit.sandbox.world.detectors.get(detectorId)?.findings.values() ?? [])]
      .filter((f) => !f.service.archived)
      .map((f) => f.id);
    const input = { detectorId, region: REGION, findingIds: [findingId] };
    const state = async () => {
      const result = await gateway.execute<{
        detector: { finding: { archived: boolean; service: { userFeedback: string | null } } };
      }>(read, { id: detectorId, finding: findingId });
      expectAnswered(result);
      return result.data?.detector.finding;
    };
    const steps: [string, Record<string, unknown>, Record<string, unknown>][] = [
      [
        `mutation($input: FindingsInput!) { archiveFindings(input: $input) { __typename } }`,
        { input },
        { archived: true },
      ],
      [
        `mutation($input: FindingsInput!) { unarchiveFindings(input: $input) { __typename } }`,
        { input },
        { archived: false },
      ],
      [
        `mutation($input: UpdateFindingsFeedbackInput!) { updateFindingsFeedback(input: $input) { __typename } }`,
        { input: { ...input, feedback: "USEFUL" } },
        { service: { userFeedback: "USEFUL" } },
      ],
    ];
    for (const [mutation, variables, expected] of steps) {
      await state();
      expect(await callCounts(state)).toEqual({});
      const changed = await gateway.execute<Record<string, { __typename: string }>>(
        mutation,
        variables,
      );
      expect(Object.values(changed.data ?? {})[0]?.__typename).toBe("FindingsPayload");
      let after: unknown;
      const counts = await callCounts(async () => {
        after = await state();
      });
      expect(counts.GetFindings).toBe(1);
      expect(after).toMatchObject(expected);
    }
  });

  it("accepting and leaving an administrator are seen by the member's next read", async () => {
    const relationship = kit.sandbox.world.relationships.find(
      (r) => r.region === REGION && r.relationshipStatus === "Invited",
    );
    const member = kit.members.find((m) => m.accountId === relationship?.memberAccountId);
    if (!relationship?.invitationId || !member) throw new Error("the seed has no invited member");
    const gateway = cachedGateway(member, cacheFor(member));
    const detectorId = member.detectorIds[REGION] as string;
    const read = `{ invitations { invitationId } detector(detectorId: "${detectorId}", region: "${REGION}") { administrator { accountId relationshipStatus } } }`;
    const state = async () => {
      const result = await gateway.execute<{
        invitations: unknown[];
        detector: { administrator: { relationshipStatus: string } | null };
      }>(read);
      expectAnswered(result);
      return result.data;
    };
    // An invited member has no administrator yet (GetAdministratorAccount answers none).
    expect((await state())?.detector.administrator).toBeNull();
    expect(await callCounts(state)).toEqual({});
    const accepted = await gateway.execute<{
      acceptAdministratorInvitation: { __typename: string };
    }>(
      `mutation($input: AcceptAdministratorInvitationInput!) { acceptAdministratorInvitation(input: $input) { __typename } }`,
      {
        input: {
          detectorId,
          administratorId: kit.administrator.accountId,
          invitationId: relationship.invitationId,
        },
      },
    );
    expect(accepted.data?.acceptAdministratorInvitation.__typename).toBe(
      "AcceptAdministratorInvitationPayload",
    );
    expect((await state())?.detector.administrator?.relationshipStatus).toBe("Enabled");
    expect(await callCounts(state)).toEqual({});
    const left = await gateway.execute<{
      disassociateFromAdministratorAccount: { __typename: string };
    }>(
      `mutation($input: DisassociateFromAdministratorAccountInput!) { disassociateFromAdministratorAccount(input: $input) { __typename } }`,
      { input: { detectorId, region: REGION } },
    );
    expect(left.data?.disassociateFromAdministratorAccount.__typename).toBe(
      "DisassociateFromAdministratorAccountPayload",
    );
    const counts = await callCounts(async () =>
      expect((await state())?.detector.administrator).toBeNull(),
    );
    expect(counts.GetAdministratorAccount).toBe(1);
  });

  it("two identities never share an entry: other scopes, other restrictions, other principals", async () => {
    const store = memoryStore();
    const cache = cacheFor(kit.administrator, store);
    const everything = (name: string): Caller => ({ name, scopes: new Set<Scope>(SCOPES) });
    const alice = cachedGateway(kit.administrator, cache, everything("alice"));
    const bob = cachedGateway(kit.administrator, cache, everything("bob"));
    const readers = cachedGateway(kit.administrator, cache, {
      name: "reader",
      scopes: new Set<Scope>(["findings:read", "members:read"]),
    });
    const memberAccount = kit.members[0]?.accountId as string;
    const restricted = cachedGateway(kit.administrator, cache, {
      ...everything("restricted"),
      accounts: [memberAccount],
    });
    const warm = await callCounts(() => alice.execute(DASHBOARD));
    expect(warm.ListFindings).toBe(1);
    // Same principal, same scopes and restrictions: the same data, so the entry is shared.
    expect(await callCounts(() => bob.execute(DASHBOARD))).toEqual({});
    expect((await callCounts(() => readers.execute(DASHBOARD))).ListFindings).toBe(1);
    const restrictedCounts = await callCounts(async () => {
      const result = await restricted.execute<{
        detectors: { findings: { edges: { node: { findingId: string } }[] } }[];
      }>(`{ detectors { findings(first: 50) { edges { node { accountId } } } } }`);
      const accounts = result.data?.detectors.flatMap((d) =>
        d.findings.edges.map((e) => (e.node as unknown as { accountId: string }).accountId),
      );
      expect(accounts?.every((account) => account === memberAccount)).toBe(true);
    });
    expect(restrictedCounts.ListFindings).toBeGreaterThanOrEqual(1);
    // Another AWS principal on the same store: its own calls, its own detectors.
    const standalone = cachedGateway(kit.standalone, cacheFor(kit.standalone, store));
    let ids: string[] = [];
    const standaloneCounts = await callCounts(async () => {
      const result = await standalone.execute<{ detectors: { id: string }[] }>(DASHBOARD);
      ids = result.data?.detectors.map((d) => d.id) ?? [];
    });
    expect(standaloneCounts.ListDetectors).toBe(1);
    const adminIds = (
      await alice.execute<{ detectors: { id: string }[] }>(DASHBOARD)
    ).data?.detectors.map((d) => d.id);
    expect(ids).not.toEqual(adminIds);
  });

  it("a failed call is not cached: the next read asks GuardDuty again", async () => {
    const gateway = cachedGateway(kit.administrator, cacheFor(kit.administrator));
    await kit.control("PUT", "/_sandbox/faults", [
      {
        operation: "ListFindings",
        probability: 1,
        status: 500,
        code: "InternalServerErrorException",
      },
    ]);
    const failed = await gateway.execute(DASHBOARD);
    expect(failed.errors?.map((e) => e.extensions?.code)).toContain("UPSTREAM_UNAVAILABLE");
    await kit.control("PUT", "/_sandbox/faults", []);
    let answer: Awaited<ReturnType<GatewayKit["execute"]>> | undefined;
    const counts = await callCounts(async () => {
      answer = await gateway.execute(DASHBOARD);
    });
    expect(answer?.errors).toBeUndefined();
    expect(counts.ListFindings).toBe(1);
  });

  it("a region the caller may not use is refused even when another caller's entry exists", async () => {
    const cache = cacheFor(kit.administrator);
    const open = cachedGateway(kit.administrator, cache);
    const elsewhere = cachedGateway(kit.administrator, cache, {
      name: "eu-only",
      scopes: new Set<Scope>(SCOPES),
      regions: ["eu-west-1"],
    });
    const detectorId = kit.administrator.detectorIds[REGION] as string;
    const query = `{ detector(detectorId: "${detectorId}", region: "${REGION}") { id status } }`;
    expectAnswered(await open.execute(query));
    const refused = await elsewhere.execute(query);
    expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});
