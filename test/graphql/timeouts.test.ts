import { getEventListeners } from "node:events";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startHttpServer } from "../../src/http/server.js";
import {
  countBy,
  type GatewayKit,
  type GatewayKitOptions,
  type GraphQLResponse,
  gatewayFor,
  operations,
} from "../kit/gateway.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";
import { type ControlledUpstream, startControlledUpstream } from "../kit/upstreams.js";

/** The whole-request deadline of the gateway under test. */
const DEADLINE_MS = 1_200;
/** Latency the sandbox adds to a slowed operation: far past every deadline here. */
const SLOW_MS = 4_000;
/** An answer must come within its deadline plus this (execution, loopback, a busy machine). */
const MARGIN_MS = 1_000;

let kit: SandboxKit;
let gateway: GatewayKit;
let usEast: string;
let findingId: string;

beforeAll(async () => {
  kit = await startSandbox({ findingsPerDetector: 60 });
  // Attempts may take as long as the deadline allows: here the deadline is what cuts.
  gateway = gatewayFor(kit, kit.administrator, { requestTimeoutMs: DEADLINE_MS });
  usEast = kit.administrator.detectorIds["us-east-1"] as string;
  findingId = [...(kit.sandbox.world.detectors.get(usEast)?.findings.keys() ?? [])][0] as string;
});
afterAll(async () => {
  gateway.close();
  await kit.close();
});
beforeEach(async () => {
  await kit.control("PUT", "/_sandbox/faults", []);
  await kit.clearCalls();
});

const slow = (operation: string, latencyMs = SLOW_MS, probability = 1) =>
  kit.control("PUT", "/_sandbox/faults", [{ operation, probability, latencyMs }]);

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await run();
  return { result, ms: performance.now() - started };
}

function codesByPath(result: GraphQLResponse): Record<string, unknown> {
  return Object.fromEntries(
    (result.errors ?? []).map((error) => [error.path?.join("."), error.extensions?.code]),
  );
}

const NORMAL = "{ detectors { region status findings(first: 2) { edges { cursor } } } }";

/** The gateway still serves a normal query once the upstream is fast again. */
async function expectNormalAnswer(through: GatewayKit): Promise<void> {
  await kit.control("PUT", "/_sandbox/faults", []);
  const ok = await through.execute<{ detectors: { findings: { edges: unknown[] } }[] }>(NORMAL);
  expect(ok.status).toBe(200);
  expect(ok.errors).toBeUndefined();
  expect(ok.data?.detectors.map((d) => d.findings.edges.length)).toEqual([2, 2]);
}

interface SlowCase {
  operation: string;
  query: string;
  variables?: () => Record<string, unknown>;
  /** Path -> code of every error; everything else in the answer is data. */
  errors: Record<string, string>;
  /** Upstream calls by operation, from the sandbox's call log. */
  calls: Record<string, number>;
  /** What the client still gets. */
  kept: (data: Record<string, unknown>) => void;
}

const DETECTORS_TIMEOUT = { "detectors.0": "UPSTREAM_TIMEOUT", "detectors.1": "UPSTREAM_TIMEOUT" };
const perDetector = (field: string, code = "UPSTREAM_TIMEOUT") => ({
  [`detectors.0.${field}`]: code,
  [`detectors.1.${field}`]: code,
});
type Detectors = { detectors: Record<string, unknown>[] };
const regions = (data: Record<string, unknown>) =>
  (data as Detectors).detectors.map((d) => d.region);

const SLOW_CASES: [string, SlowCase][] = [
  [
    "ListDetectors: each region is a null item",
    {
      operation: "ListDetectors",
      query: "{ detectors { region } }",
      errors: DETECTORS_TIMEOUT,
      calls: { ListDetectors: 2 },
      kept: (data) => expect(data).toEqual({ detectors: [null, null] }),
    },
  ],
  [
    "GetDetector: each detector's own fields are null, the detectors stay",
    {
      operation: "GetDetector",
      query: "{ detectors { region status } }",
      errors: perDetector("status"),
      calls: { ListDetectors: 2, GetDetector: 2 },
      kept: (data) =>
        expect(data).toEqual({
          detectors: [
            { region: "us-east-1", status: null },
            { region: "eu-west-1", status: null },
          ],
        }),
    },
  ],
  [
    "ListFindings: the detectors stay, their findings are null, no GetFindings is sent",
    {
      operation: "ListFindings",
      query: "{ detectors { region status findings(first: 3) { edges { cursor } } } }",
      errors: perDetector("findings"),
      calls: { ListDetectors: 2, GetDetector: 2, ListFindings: 2 },
      kept: (data) =>
        expect(data).toEqual({
          detectors: [
            { region: "us-east-1", status: "ENABLED", findings: null },
            { region: "eu-west-1", status: "ENABLED", findings: null },
          ],
        }),
    },
  ],
  [
    "GetFindings: the findings are null, the members answer",
    {
      operation: "GetFindings",
      query:
        "{ detectors { region findings(first: 3) { edges { node { findingId } } } members(first: 3) { edges { node { accountId } } } } }",
      // The error is located at the first node; the non-null node nulls the whole connection.
      errors: perDetector("findings.edges.0.node"),
      calls: { ListDetectors: 2, ListFindings: 2, GetFindings: 2, ListMembers: 2 },
      kept: (data) => {
        for (const detector of (data as Detectors).detectors) {
          expect(detector.findings).toBeNull();
          expect(detector.members).toEqual({ edges: expect.any(Array) });
        }
      },
    },
  ],
  [
    "ListMembers: the members are null, the findings answer",
    {
      operation: "ListMembers",
      query:
        "{ detectors { region findings(first: 3) { edges { node { findingId } } } members(first: 3) { edges { node { accountId } } } } }",
      errors: perDetector("members"),
      calls: { ListDetectors: 2, ListFindings: 2, GetFindings: 2, ListMembers: 2 },
      kept: (data) => {
        for (const detector of (data as Detectors).detectors) {
          expect(detector.members).toBeNull();
          expect((detector.findings as { edges: unknown[] }).edges).toHaveLength(3);
        }
      },
    },
  ],
  [
    "GetRemainingFreeTrialDays: the account's item is null",
    {
      operation: "GetRemainingFreeTrialDays",
      query: `{ detectors { region freeTrial(accountIds: ["111122223333"]) { accountId } } }`,
      errors: perDetector("freeTrial.0"),
      calls: { ListDetectors: 2, GetRemainingFreeTrialDays: 2 },
      kept: (data) => {
        expect(regions(data)).toEqual(["us-east-1", "eu-west-1"]);
        for (const d of (data as Detectors).detectors) expect(d.freeTrial).toEqual([null]);
      },
    },
  ],
  [
    "GetFindingsStatistics: the statistics are null",
    {
      operation: "GetFindingsStatistics",
      query: "{ detectors { region statistics(groupBy: SEVERITY) { groupBy } } }",
      errors: perDetector("statistics"),
      calls: { ListDetectors: 2, GetFindingsStatistics: 2 },
      kept: (data) => expect(regions(data)).toEqual(["us-east-1", "eu-west-1"]),
    },
  ],
  [
    "ListInvitations: each region is a null item",
    {
      operation: "ListInvitations",
      query: "{ invitations { accountId } }",
      errors: { "invitations.0": "UPSTREAM_TIMEOUT", "invitations.1": "UPSTREAM_TIMEOUT" },
      calls: { ListInvitations: 2 },
      kept: (data) => expect(data).toEqual({ invitations: [null, null] }),
    },
  ],
  [
    "GetDetector by id: the detector's own field is null",
    {
      operation: "GetDetector",
      query: `query($id: String!) { detector(detectorId: $id, region: "us-east-1") { region status } }`,
      variables: () => ({ id: usEast }),
      errors: { "detector.status": "UPSTREAM_TIMEOUT" },
      calls: { GetDetector: 1 },
      kept: (data) => expect(data).toEqual({ detector: { region: "us-east-1", status: null } }),
    },
  ],
  [
    "GetFindings by id: the finding is null, its detector answers",
    {
      operation: "GetFindings",
      query: `query($id: String!, $finding: String!) { detector(detectorId: $id, region: "us-east-1") { region finding(id: $finding) { findingId } } }`,
      variables: () => ({ id: usEast, finding: findingId }),
      errors: { "detector.finding": "UPSTREAM_TIMEOUT" },
      calls: { GetFindings: 1 },
      kept: (data) => expect(data).toEqual({ detector: { region: "us-east-1", finding: null } }),
    },
  ],
];

describe("a slow upstream gives a partial answer within the request's deadline", () => {
  it.each(SLOW_CASES)("%s", async (_name, slowCase) => {
    await slow(slowCase.operation);
    const { result, ms } = await timed(() =>
      gateway.execute(slowCase.query, slowCase.variables?.()),
    );
    expect(ms).toBeLessThan(DEADLINE_MS + MARGIN_MS);
    expect(result.status).toBe(200);
    expect(codesByPath(result)).toEqual(slowCase.errors);
    for (const error of result.errors ?? []) {
      expect(error.message).toContain(`deadline of ${DEADLINE_MS} ms`);
      expect(error.extensions?.operation).toBe(slowCase.operation);
    }
    slowCase.kept(result.data as Record<string, unknown>);
    expect(countBy(await operations(kit))).toEqual(slowCase.calls);
    await expectNormalAnswer(gateway);
  });

  it("answers in full when the upstream is slow but within the deadline", async () => {
    await kit.control("PUT", "/_sandbox/faults", [
      { operation: "ListFindings", probability: 1, latencyMs: 150 },
      { operation: "GetDetector", probability: 1, latencyMs: 150 },
    ]);
    const { result } = await timed(() => gateway.execute(NORMAL));
    expect(result.errors).toBeUndefined();
    expect(countBy(await operations(kit))).toEqual({
      ListDetectors: 2,
      GetDetector: 2,
      ListFindings: 2,
    });
  });

  it("keeps the region that answers when only the other one is slow", async () => {
    // Half the ListDetectors calls are slow; the seeded draws make which ones replayable.
    await kit.control("POST", "/_sandbox/reset");
    type Answer = { detectors: ({ region: string; status: string } | null)[] };
    let partial: GraphQLResponse<Answer> | undefined;
    for (let attempt = 0; attempt < 12 && !partial; attempt += 1) {
      await slow("ListDetectors", SLOW_MS, 0.5);
      const { result, ms } = await timed(() =>
        gateway.execute<Answer>("{ detectors { region status } }"),
      );
      expect(ms).toBeLessThan(DEADLINE_MS + MARGIN_MS);
      if (result.data?.detectors.filter((d) => d === null).length === 1) partial = result;
    }
    expect(partial?.errors?.map((e) => e.extensions?.code)).toEqual(["UPSTREAM_TIMEOUT"]);
    // The answering region's detector was looked up although the other region never answered.
    const answered = partial?.data?.detectors.find((d) => d !== null);
    expect(["us-east-1", "eu-west-1"]).toContain(answered?.region);
    expect(answered?.status).toBe("ENABLED");
    await expectNormalAnswer(gateway);
  });

  it("reports a slow mutation as UPSTREAM_TIMEOUT whose outcome is unknown, and GuardDuty may still apply it", async () => {
    const ids = [...(kit.sandbox.world.detectors.get(usEast)?.findings.values() ?? [])]
      .filter((finding) => !finding.service.archived)
      .slice(0, 2)
      .map((finding) => finding.id);
    const latencyMs = DEADLINE_MS + 600;
    await slow("ArchiveFindings", latencyMs);
    const { result, ms } = await timed(() =>
      gateway.execute(
        `mutation($input: FindingsInput!) { archiveFindings(input: $input) { __typename } }`,
        { input: { detectorId: usEast, region: "us-east-1", findingIds: ids } },
      ),
    );
    expect(ms).toBeLessThan(DEADLINE_MS + MARGIN_MS);
    expect(result.data).toBeNull();
    expect(result.errors?.map((e) => [e.path?.join("."), e.extensions?.code])).toEqual([
      ["archiveFindings", "UPSTREAM_TIMEOUT"],
    ]);
    expect(result.errors?.[0]?.extensions?.outcome).toBe("UNKNOWN");
    expect(result.errors?.[0]?.message).toMatch(/may still apply it/);
    expect(countBy(await operations(kit))).toEqual({ ArchiveFindings: 1 });
    // The change was sent: GuardDuty applies it after the gateway stopped waiting.
    await new Promise((resolve) => setTimeout(resolve, latencyMs - ms + 300));
    const archived = ids.map(
      (id) => kit.sandbox.world.detectors.get(usEast)?.findings.get(id)?.service.archived,
    );
    expect(archived).toEqual([true, true]);
    await kit.control("PUT", "/_sandbox/faults", []);
    const back = await gateway.execute<{ unarchiveFindings: { __typename: string } }>(
      `mutation($input: FindingsInput!) { unarchiveFindings(input: $input) { __typename } }`,
      { input: { detectorId: usEast, region: "us-east-1", findingIds: ids } },
    );
    expect(back.data?.unarchiveFindings.__typename).toBe("FindingsPayload");
  });

  it("times out each attempt, retries it, and stops at the attempts' limit", async () => {
    const retrying = gatewayFor(kit, kit.administrator, {
      maxAttempts: 2,
      upstreamTimeoutMs: 300,
      connectTimeoutMs: 300,
      requestTimeoutMs: 3_000,
    });
    try {
      await slow("GetDetector");
      const { result, ms } = await timed(() => retrying.execute("{ detectors { region status } }"));
      // Two attempts of 300 ms and a short backoff: well before the 3 s deadline.
      expect(ms).toBeLessThan(3_000);
      expect(codesByPath(result)).toEqual(perDetector("status"));
      for (const error of result.errors ?? []) {
        expect(error.message).toBe("GuardDuty did not answer in time (2 attempts)");
        expect(error.extensions?.awsErrorCode).toBe("TimeoutError");
      }
      expect(countBy(await operations(kit))).toEqual({ ListDetectors: 2, GetDetector: 4 });
      await expectNormalAnswer(retrying);
    } finally {
      retrying.close();
    }
  });
});

describe("the process stopping to wait (the end of a shutdown's grace period)", () => {
  it("answers what it has with SHUTTING_DOWN, and leaves no listener behind per request", async () => {
    const stopping = new AbortController();
    const draining = gatewayFor(kit, kit.administrator, { shutdownSignal: stopping.signal });
    try {
      for (let i = 0; i < 5; i += 1)
        expect((await draining.execute(NORMAL)).errors).toBeUndefined();
      // Each request's listener goes with its answer: nothing accumulates on the process's signal.
      expect(getEventListeners(stopping.signal, "abort")).toHaveLength(0);
      await slow("ListFindings");
      await kit.clearCalls();
      const pending = timed(() => draining.execute(NORMAL));
      await waitFor(() => getEventListeners(stopping.signal, "abort").length === 1, 5_000);
      await waitForCalls("ListFindings", 2);
      stopping.abort();
      const { result, ms } = await pending;
      expect(ms).toBeLessThan(SLOW_MS);
      expect(result.status).toBe(200);
      expect(codesByPath(result)).toEqual(perDetector("findings", "SHUTTING_DOWN"));
      expect(result.data).toEqual({
        detectors: [
          { region: "us-east-1", status: "ENABLED", findings: null },
          { region: "eu-west-1", status: "ENABLED", findings: null },
        ],
      });
      expect(countBy(await operations(kit))).toEqual({
        ListDetectors: 2,
        GetDetector: 2,
        ListFindings: 2,
      });
      expect(getEventListeners(stopping.signal, "abort")).toHaveLength(0);
      // The process-wide gateway was not stopped: it still answers.
      await expectNormalAnswer(gateway);
    } finally {
      draining.close();
    }
  });
});

describe("an upstream that accepts connections and never answers", () => {
  let upstream: ControlledUpstream;
  let hanging: GatewayKit | undefined;
  beforeEach(async () => {
    upstream = await startControlledUpstream(kit.running);
  });
  afterEach(async () => {
    hanging?.close();
    hanging = undefined;
    await upstream.close();
  });

  const through = (options: GatewayKitOptions) => {
    hanging = gatewayFor(kit, kit.administrator, { endpoint: upstream.url, ...options });
    return hanging;
  };

  it("answers UPSTREAM_TIMEOUT at the deadline and leaves no connection open", async () => {
    const gw = through({ requestTimeoutMs: DEADLINE_MS });
    const { result, ms } = await timed(() => gw.execute("{ detectors { region } }"));
    expect(ms).toBeGreaterThanOrEqual(DEADLINE_MS - 50);
    expect(ms).toBeLessThan(DEADLINE_MS + MARGIN_MS);
    expect(result.status).toBe(200);
    expect(result.data).toEqual({ detectors: [null, null] });
    expect(codesByPath(result)).toEqual(DETECTORS_TIMEOUT);
    expect(upstream.accepted).toBe(2);
    await upstream.waitUntilNoConnections(1_000);
    upstream.mode = "forward";
    await expectNormalAnswer(gw);
  });

  it("times out attempts and retries them within the deadline, closing each connection", async () => {
    const gw = through({
      maxAttempts: 3,
      upstreamTimeoutMs: 250,
      connectTimeoutMs: 250,
      requestTimeoutMs: 5_000,
    });
    const { result, ms } = await timed(() => gw.execute("{ detectors { region } }"));
    expect(ms).toBeLessThan(5_000);
    expect(codesByPath(result)).toEqual(DETECTORS_TIMEOUT);
    expect(result.errors?.[0]?.message).toBe("GuardDuty did not answer in time (3 attempts)");
    // Three attempts per region, each on a connection the timed-out attempt destroyed.
    expect(upstream.accepted).toBe(6);
    await upstream.waitUntilNoConnections(1_000);
    upstream.mode = "forward";
    await expectNormalAnswer(gw);
  });

  it("answers UPSTREAM_UNAVAILABLE quickly when nothing listens on the port", async () => {
    await upstream.stopListening();
    const gw = through({ maxAttempts: 3, requestTimeoutMs: 10_000 });
    const { result, ms } = await timed(() => gw.execute("{ detectors { region } }"));
    expect(ms).toBeLessThan(2_000);
    expect(codesByPath(result)).toEqual({
      "detectors.0": "UPSTREAM_UNAVAILABLE",
      "detectors.1": "UPSTREAM_UNAVAILABLE",
    });
    expect(upstream.accepted).toBe(0);
    await upstream.listenAgain();
    upstream.mode = "forward";
    await expectNormalAnswer(gw);
  });

  it("abandons the upstream calls of a client that goes away, long before the deadline", async () => {
    const gw = through({ requestTimeoutMs: 20_000 });
    const http = await startHttpServer(gw.yoga, { host: "127.0.0.1", port: 0 });
    try {
      const client = new AbortController();
      const pending = fetch(`${http.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ detectors { region } }" }),
        signal: client.signal,
      }).catch((error: unknown) => error);
      await waitFor(() => upstream.accepted === 2, 5_000);
      const { ms } = await timed(async () => {
        client.abort();
        expect(await pending).toBeInstanceOf(Error);
        await upstream.waitUntilNoConnections(3_000);
      });
      expect(ms).toBeLessThan(3_000);
      await waitFor(() => http.inFlight() === 0, 3_000);
      upstream.mode = "forward";
      const ok = await fetch(`${http.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ detectors { region } }" }),
        signal: AbortSignal.timeout(10_000),
      });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({
        data: { detectors: [{ region: "us-east-1" }, { region: "eu-west-1" }] },
      });
    } finally {
      await http.shutdown(1_000);
    }
  });
});

async function waitForCalls(operation: string, count: number): Promise<void> {
  const until = Date.now() + 5_000;
  while ((await operations(kit)).filter((op) => op === operation).length < count) {
    if (Date.now() > until) throw new Error(`${operation} was not called ${count} times`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function waitFor(condition: () => boolean, withinMs: number): Promise<void> {
  const until = Date.now() + withinMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`condition not met within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
