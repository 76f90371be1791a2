/**
 * `npm run bench:sandbox`: calls per second the sandbox answers over loopback on a world of
 * 10,000 findings per detector. A measurement, not a test: compare the lines of one run.
 * Requests are signed only with a credential scope (the sandbox reads identity from it).
 */
import { performance } from "node:perf_hooks";
import type { PublicIdentity } from "../src/sandbox/sandbox.js";
import { startSandboxProcess } from "./processes.js";

const FINDINGS = Number(process.argv[2] ?? 10_000);
const SECONDS = Number(process.argv[3] ?? 5);
const CONCURRENCY = 8;

// The sandbox runs in its own process, as `npm run sandbox` does, so clients do not share its
// CPU; bench/processes.ts stops it when this process exits.
const sandbox = await startSandboxProcess(FINDINGS);
const identities = (await (
  await fetch(`${sandbox.url}/_sandbox/identities`)
).json()) as PublicIdentity[];
const admin = identities.find((identity) => identity.role === "administrator");
if (!admin) throw new Error("no administrator");
const detectorId = admin.detectorIds["us-east-1"] as string;
const authorization = `AWS4-HMAC-SHA256 Credential=${admin.accessKeyId}/20261128/us-east-1/guardduty/aws4_request, SignedHeaders=host, Signature=0`;

async function post(path: string, body: unknown): Promise<number> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method: "POST",
    headers: { authorization, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${response.status} ${text}`);
  return text.length;
}

async function allFindingIds(): Promise<string[]> {
  const found: string[] = [];
  let nextToken: string | undefined;
  do {
    const response = await fetch(`${sandbox.url}/detector/${detectorId}/findings`, {
      method: "POST",
      headers: { authorization, "content-type": "application/json" },
      body: JSON.stringify({ maxResults: 50, nextToken }),
    });
    const page = (await response.json()) as { findingIds: string[]; nextToken?: string };
    found.push(...page.findingIds);
    nextToken = page.nextToken;
  } while (nextToken);
  return found;
}

async function measure(name: string, call: (i: number) => Promise<number>): Promise<void> {
  let calls = 0;
  let bytes = 0;
  const until = performance.now() + SECONDS * 1000;
  const worker = async () => {
    while (performance.now() < until) {
      // Read the answer first: `bytes += await ...` would read `bytes` before the await and
      // lose the other workers' additions.
      const size = await call(calls);
      bytes += size;
      calls += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = (performance.now() - started) / 1000;
  console.log(
    `${name.padEnd(58)} ${(calls / elapsed).toFixed(0).padStart(6)} calls/s  ${(bytes / calls / 1024).toFixed(1)} KB/answer`,
  );
}

const threeAttributes = (threshold: number) => ({
  findingCriteria: {
    criterion: {
      severity: { greaterThanOrEqual: 4 },
      "service.archived": { equals: ["false"] },
      updatedAt: { greaterThan: threshold },
    },
  },
  sortCriteria: { attributeName: "updatedAt", orderBy: "DESC" },
  maxResults: 50,
});
const since = Date.parse("2026-09-01T00:00:00Z");
const ids = await allFindingIds();

console.log(
  `world: ${FINDINGS} findings per administrator detector; sandbox process up in ${sandbox.startMs.toFixed(0)} ms`,
);
console.log(`${CONCURRENCY} concurrent loopback clients in this process, ${SECONDS} s each`);
await measure("ListFindings, 3-attribute criterion (repeated: memoized)", () =>
  post(`/detector/${detectorId}/findings`, threeAttributes(since)),
);
await measure("ListFindings, 3-attribute criterion (new each call)", (i) =>
  post(`/detector/${detectorId}/findings`, threeAttributes(since + i)),
);
await measure("GetFindings, 50 ids", (i) => {
  const start = (i * 50) % (ids.length - 50);
  return post(`/detector/${detectorId}/findings/get`, {
    findingIds: ids.slice(start, start + 50),
  });
});
await sandbox.stop();
