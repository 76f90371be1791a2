/**
 * Two real gateway processes sharing one real Redis (Debian's redis-server on a unix socket in a
 * temporary directory, TCP off) in front of one sandbox: reads, in-flight calls and
 * invalidations are shared across the processes, and a Redis that goes away costs only the
 * sharing. Nothing here depends on timing: the time-to-live is longer than the test.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countBy, operations } from "../kit/gateway.js";
import { type GatewayProcess, spawnGateway } from "../kit/gateway-process.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";

const REGION = "us-east-1";
const TTL_MS = 120_000;
const REDIS_SERVER = "/usr/bin/redis-server";

let kit: SandboxKit;
let directory: string;
let socket: string;
let redis: ChildProcess | undefined;
let gateways: GatewayProcess[] = [];

async function redisCommand<T>(run: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis({ path: socket });
  try {
    return await run(client);
  } finally {
    client.disconnect();
  }
}

async function startRedis(): Promise<ChildProcess> {
  const child = spawn(
    REDIS_SERVER,
    ["--port", "0", "--unixsocket", socket, "--save", "", "--appendonly", "no"],
    { stdio: "ignore" },
  );
  const client = new Redis({ path: socket, lazyConnect: true, retryStrategy: () => 50 });
  client.on("error", () => {});
  for (let attempt = 0; attempt < 200 && !existsSync(socket); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  await client.connect();
  await client.ping();
  client.disconnect();
  return child;
}

function stopRedis(): Promise<void> {
  const child = redis;
  redis = undefined;
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

function stopGateway(gateway: GatewayProcess): Promise<void> {
  if (gateway.child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    gateway.child.once("exit", () => resolve());
    gateway.child.kill("SIGTERM");
  });
}

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), "gd-cache-redis-"));
  socket = join(directory, "redis.sock");
  redis = await startRedis();
  kit = await startSandbox({ findingsPerDetector: 60 });
  const env = {
    GUARDDUTY_UPSTREAM: "aws",
    GUARDDUTY_REGIONS: REGION,
    AWS_ENDPOINT_URL_GUARDDUTY: kit.url,
    AWS_ACCESS_KEY_ID: kit.administrator.accessKeyId,
    AWS_SECRET_ACCESS_KEY: kit.administrator.secretAccessKey,
    AWS_SESSION_TOKEN: "",
    AWS_PROFILE: "",
    AUTH_MODE: "none",
    CACHE_TTL_MS: String(TTL_MS),
    REDIS_URL: `unix://${socket}`,
    // This machine's load must not make a command "time out" into a fallback the counts would see.
    REDIS_COMMAND_TIMEOUT_MS: "60000",
    MAX_CONCURRENT_REQUESTS: "500",
    LOG_LEVEL: "warn",
  };
  gateways = await Promise.all([spawnGateway({ env }), spawnGateway({ env })]);
  // A fresh process compiles its code on its first requests and can stall long enough for a
  // Redis command to time out (the read then goes to GuardDuty): warm both, then start empty.
  for (const gateway of gateways) await execute(gateway, DASHBOARD);
  await redisCommand((client) => client.flushall());
}, 120_000);

afterAll(async () => {
  await Promise.all(gateways.map(stopGateway));
  await stopRedis();
  await kit?.close();
  rmSync(directory, { recursive: true, force: true });
});

const DASHBOARD = `query Dashboard {
  detectors {
    id
    statistics(groupBy: SEVERITY, filter: { archived: false }) { groups { severity totalFindings } }
    findings(first: 10, filter: { archived: false }, orderBy: { field: UPDATED_AT, direction: DESC }) {
      edges { node { findingId severity archived } }
    }
    members(first: 10, onlyAssociated: false) {
      edges { node { accountId relationshipStatus freeTrial { features { name freeTrialDaysRemaining } } } }
    }
  }
}`;

interface Answer<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

async function execute<T = Record<string, unknown>>(
  gateway: GatewayProcess,
  query: string,
  variables?: Record<string, unknown>,
): Promise<Answer<T>> {
  const response = await fetch(`${gateway.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as object) };
}

async function callCounts(run: () => Promise<unknown>): Promise<Record<string, number>> {
  await kit.clearCalls();
  await run();
  return countBy(await operations(kit));
}

/** 100 clients, half on each process, all at once. */
function hundredClients(query = DASHBOARD): Promise<void> {
  return Promise.all(
    Array.from({ length: 100 }, async (_, client) => {
      const answer = await execute(gateways[client % 2] as GatewayProcess, query);
      expect(answer.status).toBe(200);
      expect(answer.errors).toBeUndefined();
    }),
  ).then(() => {});
}

describe("the read cache shared through Redis by two gateway processes", () => {
  it("100 clients on two processes polling 5 times cost one set of calls", async () => {
    const first = await callCounts(() => hundredClients());
    expect(first).toEqual({
      ListDetectors: 1,
      GetDetector: 1,
      GetFindingsStatistics: 1,
      ListFindings: 1,
      GetFindings: 1,
      ListMembers: 1,
      GetRemainingFreeTrialDays: 1,
    });
    const later = await callCounts(async () => {
      for (let round = 0; round < 4; round += 1) await hundredClients();
    });
    expect(later).toEqual({});
    console.log(
      `Redis, 2 processes: 100 clients x 5 polls = 500 requests cost ${Object.values(first).reduce((a, b) => a + b, 0)} GuardDuty calls`,
    );
  }, 120_000);

  it("entries in Redis expire by themselves (PX) within the time-to-live", async () => {
    const ttls = await redisCommand(async (client) => {
      const keys = await client.keys("guardduty-graphql:cache:v1:e:*");
      return Promise.all(keys.map((key) => client.pttl(key)));
    });
    expect(ttls.length).toBeGreaterThan(0);
    for (const ttl of ttls) {
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(TTL_MS);
    }
  });

  it("a mutation through either process is seen by the next read through the other", async () => {
    const [a, b] = gateways as [GatewayProcess, GatewayProcess];
    const detectorId = kit.administrator.detectorIds[REGION] as string;
    const [findingId] = [...(kit.sandbox.world.detectors.get(detectorId)?.findings.values() ?? [])]
      .filter((f) => !f.service.archived)
      .map((f) => f.id);
    const read = `query($id: String!, $finding: String!) { detector(detectorId: $id, region: "${REGION}") { finding(id: $finding) { archived } } }`;
    const archived = async (gateway: GatewayProcess) =>
      (
        await execute<{ detector: { finding: { archived: boolean } } }>(gateway, read, {
          id: detectorId,
          finding: findingId,
        })
      ).data?.detector.finding.archived;
    expect(await archived(a)).toBe(false);
    expect(await callCounts(() => archived(b))).toEqual({});
    const input = { detectorId, region: REGION, findingIds: [findingId] };
    for (const [writer, reader, mutation, expected] of [
      [a, b, "archiveFindings", true],
      [b, a, "unarchiveFindings", false],
    ] as const) {
      const changed = await execute<Record<string, { __typename: string }>>(
        writer,
        `mutation($input: FindingsInput!) { ${mutation}(input: $input) { __typename } }`,
        { input },
      );
      expect(changed.data?.[mutation]?.__typename).toBe("FindingsPayload");
      let seen: boolean | undefined;
      const counts = await callCounts(async () => {
        seen = await archived(reader);
      });
      expect(seen).toBe(expected);
      expect(counts.GetFindings).toBe(1);
    }
  });

  it("with Redis gone, both processes still answer from GuardDuty", async () => {
    await stopRedis();
    for (const gateway of gateways) {
      const counts = await callCounts(async () => {
        const answer = await execute(gateway, DASHBOARD);
        expect(answer.status).toBe(200);
        expect(answer.errors).toBeUndefined();
      });
      expect(counts.ListFindings).toBe(1);
    }
  });
});
