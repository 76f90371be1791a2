import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnGateway } from "../kit/gateway-process.js";

/**
 * The default `npm start` setup (gateway + embedded sandbox, default world) under thousands of
 * varied requests: criteria the sandbox has not seen, second pages through paging tokens,
 * statistics, members. Resident memory after a forced GC (test/kit/gc-entry.ts) must not grow
 * with the number of requests: the sandbox's call log, paging and memoized results are bounded.
 */

const FLAT_BOUND_MB = 25;
const FIRST = 1_000;
const SECOND = 5_000;
const CONCURRENCY = 4;

let child: ChildProcess;
let url: string;
let detectorId: string;

/** RSS and heap in MB after a forced full GC in the gateway's process. */
function measure(): Promise<{ rss: number; heap: number }> {
  return new Promise((resolve) => {
    child.once("message", (message) => {
      const { usage } = message as { usage: NodeJS.MemoryUsage };
      resolve({ rss: usage.rss / 2 ** 20, heap: usage.heapUsed / 2 ** 20 });
    });
    child.send("measure");
  });
}

async function graphql(query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return body.data as Record<string, unknown>;
}

const FINDINGS = `query($id: String!, $min: Float!, $first: Int!, $after: String, $desc: SortDirection!) {
  detector(detectorId: $id) {
    findings(first: $first, after: $after, filter: { severity: { min: $min } },
             orderBy: { field: SEVERITY, direction: $desc }) {
      edges { node { id severity } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;
const STATISTICS = `query($id: String!, $min: Float!) {
  detector(detectorId: $id) {
    statistics(groupBy: SEVERITY, filter: { severity: { min: $min } }) { groups { severity totalFindings } }
  }
}`;
const MEMBERS = `query($id: String!, $first: Int!) {
  detector(detectorId: $id) { members(first: $first, onlyAssociated: false) { edges { node { accountId } } } }
}`;

interface Resumable {
  variables: Record<string, unknown>;
  cursor: string;
}

type FindingsPage = {
  detector: { findings: { pageInfo: { hasNextPage: boolean; endCursor: string } } };
};

/**
 * Request `n` of the mix, one HTTP request each: a findings page with a criterion new to the
 * sandbox (a memo miss), the next page of the worker's last listing (a paging token in use),
 * statistics, members.
 */
async function varied(n: number, worker: { last?: Resumable }): Promise<void> {
  // 0.001 steps over 0-9: thousands of distinct criteria before one repeats.
  const min = (n % 9000) / 1000;
  const last = worker.last;
  if (n % 4 === 1 && last) {
    worker.last = undefined;
    await graphql(FINDINGS, { ...last.variables, after: last.cursor });
    return;
  }
  if (n % 4 <= 1) {
    const variables = { id: detectorId, min, first: 1 + (n % 4), desc: n % 8 ? "ASC" : "DESC" };
    const { pageInfo } = ((await graphql(FINDINGS, variables)) as FindingsPage).detector.findings;
    if (pageInfo.hasNextPage) worker.last = { variables, cursor: pageInfo.endCursor };
    return;
  }
  if (n % 4 === 2) await graphql(STATISTICS, { id: detectorId, min });
  else await graphql(MEMBERS, { id: detectorId, first: 1 + (n % 10) });
}

async function run(from: number, to: number): Promise<void> {
  let next = from;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      const worker: { last?: Resumable } = {};
      while (next < to) {
        const n = next;
        next += 1;
        await varied(n, worker);
      }
    }),
  );
}

beforeAll(async () => {
  ({ child, url } = await spawnGateway({
    args: ["--expose-gc", "--import", "tsx", "test/kit/gc-entry.ts"],
    env: { LOG_LEVEL: "silent" },
    ipc: true,
  }));
  const data = (await graphql("{ detectors { detectorId } }")) as {
    detectors: { detectorId: string }[];
  };
  detectorId = (data.detectors[0] as { detectorId: string }).detectorId;
}, 60_000);
afterAll(() => {
  child.kill("SIGKILL");
});

describe("the default setup holds flat memory", () => {
  it(`RSS after a forced GC at ${FIRST} and ${SECOND} varied requests differs by under ${FLAT_BOUND_MB} MB`, async () => {
    await run(0, FIRST);
    const atFirst = await measure();
    await run(FIRST, SECOND);
    const atSecond = await measure();
    console.log(
      `gateway + sandbox after GC: RSS ${atFirst.rss.toFixed(1)} MB at ${FIRST} requests, ${atSecond.rss.toFixed(1)} MB at ${SECOND}; heap ${atFirst.heap.toFixed(1)} -> ${atSecond.heap.toFixed(1)} MB`,
    );
    // Growth is what a leak shows; RSS may also fall as the allocator hands pages back.
    expect(atSecond.rss - atFirst.rss).toBeLessThan(FLAT_BOUND_MB);
    expect(atSecond.heap - atFirst.heap).toBeLessThan(FLAT_BOUND_MB);
  }, 120_000);
});
