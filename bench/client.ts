/**
 * The limits the gateway is compared with: a client in its own process making the main
 * scenario's calls itself (ListFindings for 50 ids, then GetFindings of them), either through
 * @aws-sdk/client-guardduty (`sdk`) or as plain fetch + JSON.parse (`fetch`, no SDK at all).
 * Run by bench/main.ts; prints one JSON line per concurrency (a ClientResult).
 *
 *   node --import tsx bench/client.ts <sdk|fetch> '<ClientJob as JSON>'
 */

import { performance } from "node:perf_hooks";
import {
  GetFindingsCommand,
  GuardDutyClient,
  ListFindingsCommand,
} from "@aws-sdk/client-guardduty";
import { percentile } from "./stats.js";

export type ClientKind = "sdk" | "fetch";

export interface ClientJob {
  endpoint: string;
  region: string;
  detectorId: string;
  accessKeyId: string;
  secretAccessKey: string;
  pageSize: number;
  connections: number[];
  seconds: number;
  warmupSeconds: number;
}

export interface ClientResult {
  connections: number;
  pages: number;
  errors: number;
  seconds: number;
  p50: number;
  p99: number;
  cpuMs: number;
  rssBeforeMb: number;
  rssAfterMb: number;
}

/** One page: the ids of the newest findings, then the findings. */
type PageCall = () => Promise<void>;

/** The gateway's default order (findings(orderBy:) defaults to UPDATED_AT DESC). */
const SORT = { attributeName: "updatedAt", orderBy: "DESC" } as const;

function sdkPage(job: ClientJob): PageCall {
  const client = new GuardDutyClient({
    region: job.region,
    endpoint: job.endpoint,
    credentials: { accessKeyId: job.accessKeyId, secretAccessKey: job.secretAccessKey },
    maxAttempts: 1,
  });
  return async () => {
    const listed = await client.send(
      new ListFindingsCommand({
        DetectorId: job.detectorId,
        MaxResults: job.pageSize,
        SortCriteria: { AttributeName: SORT.attributeName, OrderBy: SORT.orderBy },
      }),
    );
    const found = await client.send(
      new GetFindingsCommand({ DetectorId: job.detectorId, FindingIds: listed.FindingIds ?? [] }),
    );
    if ((found.Findings?.length ?? 0) !== job.pageSize) throw new Error("short page");
  };
}

function fetchPage(job: ClientJob): PageCall {
  // The sandbox reads the caller from the credential scope; signatures are not verified, so
  // this client skips signing (the SDK's cost of it stays on the SDK's side of the comparison).
  const date = new Date().toISOString().slice(0, 10).replaceAll("-", "");
  const headers = {
    authorization: `AWS4-HMAC-SHA256 Credential=${job.accessKeyId}/${date}/${job.region}/guardduty/aws4_request, SignedHeaders=host, Signature=0`,
    "content-type": "application/json",
  };
  const post = async (path: string, body: unknown): Promise<unknown> => {
    const response = await fetch(`${job.endpoint}/detector/${job.detectorId}${path}`, {
      method: "POST",
      headers,
      body: JSON.stringify(body),
    });
    const parsed: unknown = await response.json();
    if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
    return parsed;
  };
  return async () => {
    const listed = (await post("/findings", {
      maxResults: job.pageSize,
      sortCriteria: SORT,
    })) as { findingIds: string[] };
    const found = (await post("/findings/get", { findingIds: listed.findingIds })) as {
      findings: unknown[];
    };
    if (found.findings.length !== job.pageSize) throw new Error("short page");
  };
}

async function run(page: PageCall, connections: number, seconds: number): Promise<ClientResult> {
  const latencies: number[] = [];
  let errors = 0;
  const rssBeforeMb = process.memoryUsage.rss() / 1_048_576;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const until = started + seconds * 1000;
  const worker = async () => {
    while (performance.now() < until) {
      const begun = performance.now();
      try {
        await page();
        latencies.push(performance.now() - begun);
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  latencies.sort((a, b) => a - b);
  return {
    connections,
    pages: latencies.length,
    errors,
    seconds: elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    cpuMs: (cpu.user + cpu.system) / 1000,
    rssBeforeMb,
    rssAfterMb: process.memoryUsage.rss() / 1_048_576,
  };
}

async function main(): Promise<void> {
  const [kind, raw] = process.argv.slice(2);
  if ((kind !== "sdk" && kind !== "fetch") || !raw) {
    throw new Error("usage: bench/client.ts <sdk|fetch> '<job as JSON>'");
  }
  const job = JSON.parse(raw) as ClientJob;
  const page = kind === "sdk" ? sdkPage(job) : fetchPage(job);
  // Warm the connection pool, the JIT and the sandbox's memo before anything is counted.
  await run(page, Math.max(...job.connections), job.warmupSeconds);
  for (const connections of job.connections) {
    const result = await run(page, connections, job.seconds);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
