/**
 * `npm run bench:sandbox-cpu -- [findings] [calls]`: the sandbox's own CPU per call (process
 * CPU time around `handle`, no HTTP, no client) on a world of 50,000 findings per administrator
 * detector, and the process's resident memory idle and after the calls. A measurement, not a
 * test: compare the lines of one run, or of two runs on the same machine.
 */
import { performance } from "node:perf_hooks";
import { createSandbox } from "../src/sandbox/sandbox.js";

const args = process.argv.slice(2);
const FINDINGS = Number(args[0] ?? 50_000);
const CALLS = Number(args[1] ?? 40);

const gc = (globalThis as { gc?: () => void }).gc;

function rssMb(): string {
  gc?.();
  return (process.memoryUsage().rss / 2 ** 20).toFixed(0);
}

const seedStarted = performance.now();
const sandbox = createSandbox({ findingsPerDetector: FINDINGS });
const seedMs = performance.now() - seedStarted;
const idleRss = rssMb();
const admin = sandbox.world.identities.find((identity) => identity.role === "administrator");
if (!admin) throw new Error("no administrator");
const detector = [...sandbox.world.detectors.values()].find(
  (candidate) => candidate.accountId === admin.accountId && candidate.region === "us-east-1",
);
if (!detector) throw new Error("no administrator detector in us-east-1");
const detectorId = detector.detectorId;
const authorization = `AWS4-HMAC-SHA256 Credential=${admin.accessKeyId}/20261128/us-east-1/guardduty/aws4_request, SignedHeaders=host, Signature=0`;
const findings = [...detector.findings.values()];
const instanceFinding = findings.find((finding) => finding.resource.resourceType === "Instance");
const commonType = instanceFinding?.type ?? (findings[0]?.type as string);

async function call(path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await sandbox.handle({
    method: "POST",
    path,
    query: new URLSearchParams(),
    headers: { authorization, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (response.status !== 200) throw new Error(`${response.status} ${response.body}`);
  return JSON.parse(response.body) as Record<string, unknown>;
}

interface Figures {
  cpuMs: number[];
  wallMs: number[];
}

async function timed(figures: Figures, run: () => Promise<unknown>): Promise<unknown> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await run();
  figures.wallMs.push(performance.now() - started);
  const used = process.cpuUsage(cpu);
  figures.cpuMs.push((used.user + used.system) / 1000);
  return result;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

function report(name: string, figures: Figures): void {
  const mean = figures.cpuMs.reduce((sum, value) => sum + value, 0) / figures.cpuMs.length;
  console.log(
    `${name.padEnd(64)} cpu median ${quantile(figures.cpuMs, 0.5).toFixed(2).padStart(7)} ms  p90 ${quantile(figures.cpuMs, 0.9).toFixed(2).padStart(7)}  mean ${mean.toFixed(2).padStart(7)}  wall median ${quantile(figures.wallMs, 0.5).toFixed(2).padStart(7)}`,
  );
}

async function measure(name: string, run: (i: number) => Promise<unknown>): Promise<void> {
  const figures: Figures = { cpuMs: [], wallMs: [] };
  for (let i = 0; i < CALLS; i++) await timed(figures, () => run(i));
  report(name, figures);
}

const listPath = `/detector/${detectorId}/findings`;
const statisticsPath = `/detector/${detectorId}/findings/statistics`;

/** A criterion never sent before: the severity bound moves a little on every call. */
function threeAttributes(i: number, third: Record<string, unknown>) {
  return {
    criterion: {
      severity: { greaterThanOrEqual: 2 + i / 1000 },
      type: { equals: [commonType] },
      ...third,
    },
  };
}
const byResourceType = { "resource.resourceType": { equals: ["Instance"] } };
const byAccount = { accountId: { equals: [admin.accountId] } };
const sortCriteria = { attributeName: "updatedAt", orderBy: "DESC" };
const since = Date.parse("2026-09-01T00:00:00Z");

console.log(
  `world: ${FINDINGS} findings per administrator detector (${findings.length} in the measured one), seeded in ${seedMs.toFixed(0)} ms; ${CALLS} calls per line`,
);
console.log(`rss idle after seeding: ${idleRss} MB${gc ? "" : " (no --expose-gc: not collected)"}`);

// The first call after a change builds whatever the query needs; measured on its own.
const cold: Figures = { cpuMs: [], wallMs: [] };
for (let i = 0; i < CALLS; i++) {
  await call(`/detector/${detectorId}/findings/archive`, { findingIds: [findings[i]?.id] });
  await timed(cold, () =>
    call(listPath, {
      findingCriteria: threeAttributes(i, byResourceType),
      sortCriteria,
      maxResults: 50,
    }),
  );
}
report("ListFindings, 3 attributes + sort, first call after an archive", cold);

// A new finding moves every position: everything is built again.
const rebuilt: Figures = { cpuMs: [], wallMs: [] };
for (let i = 0; i < Math.min(CALLS, 10); i++) {
  await call(`/detector/${detectorId}/findings/create`, { findingTypes: [commonType] });
  await timed(rebuilt, () =>
    call(listPath, {
      findingCriteria: threeAttributes(i, byResourceType),
      sortCriteria,
      maxResults: 50,
    }),
  );
}
report("ListFindings, 3 attributes + sort, first call after a create", rebuilt);

await measure("ListFindings, severity+type+resourceType, sort (new each call)", (i) =>
  call(listPath, {
    findingCriteria: threeAttributes(i, byResourceType),
    sortCriteria,
    maxResults: 50,
  }),
);
await measure("ListFindings, severity+type+accountId, sort (new each call)", (i) =>
  call(listPath, { findingCriteria: threeAttributes(i, byAccount), sortCriteria, maxResults: 50 }),
);
await measure("ListFindings, severity+archived+updatedAt, sort (new each call)", (i) =>
  call(listPath, {
    findingCriteria: {
      criterion: {
        severity: { greaterThanOrEqual: 4 },
        "service.archived": { equals: ["false"] },
        updatedAt: { greaterThan: since + i },
      },
    },
    sortCriteria,
    maxResults: 50,
  }),
);
await measure("ListFindings, nested list attribute + neq (new each call)", (i) =>
  call(listPath, {
    findingCriteria: {
      criterion: {
        "resource.instanceDetails.networkInterfaces.subnetId": { neq: [`subnet-${i}`] },
        "resource.resourceType": { equals: ["Instance"] },
      },
    },
    sortCriteria: { attributeName: "severity", orderBy: "DESC" },
    maxResults: 50,
  }),
);

// Paging: one criterion, every page of it.
const paging: Figures = { cpuMs: [], wallMs: [] };
let nextToken: string | undefined;
let pages = 0;
do {
  const page = (await timed(paging, () =>
    call(listPath, {
      findingCriteria: { criterion: { severity: { greaterThanOrEqual: 2 } } },
      sortCriteria,
      maxResults: 50,
      nextToken,
    }),
  )) as { nextToken?: string };
  nextToken = page.nextToken;
  pages++;
} while (nextToken && pages < 100);
report(`ListFindings paging, 50 per page (${pages} pages)`, paging);

await measure("GetFindingsStatistics COUNT_BY_SEVERITY, no criteria", () =>
  call(statisticsPath, { findingStatisticTypes: ["COUNT_BY_SEVERITY"] }),
);
await measure("GetFindingsStatistics COUNT_BY_SEVERITY, new criterion each call", (i) =>
  call(statisticsPath, {
    findingStatisticTypes: ["COUNT_BY_SEVERITY"],
    findingCriteria: threeAttributes(CALLS + i, byResourceType),
  }),
);
for (const groupBy of ["ACCOUNT", "DATE", "FINDING_TYPE", "RESOURCE", "SEVERITY"]) {
  await measure(`GetFindingsStatistics groupBy ${groupBy}, no criteria`, () =>
    call(statisticsPath, { groupBy, orderBy: "DESC", maxResults: 25 }),
  );
  await measure(`GetFindingsStatistics groupBy ${groupBy}, new criterion each call`, (i) =>
    call(statisticsPath, {
      groupBy,
      orderBy: "DESC",
      maxResults: 25,
      findingCriteria: {
        criterion: {
          severity: { greaterThanOrEqual: 1 + i / 1000 },
          "service.archived": { equals: ["false"] },
        },
      },
    }),
  );
}
console.log(`rss after the calls: ${rssMb()} MB`);
