/**
 * `npm run bench`: the compiled gateway in production mode against the sandbox, each in its own
 * process, loaded over HTTP by autocannon from this process. For every query in
 * schema/operations and the findings-page scenarios it reports the GuardDuty calls one request
 * makes against the fewest it can, throughput and p50/p99 latency at each concurrency, the
 * gateway's CPU time per request (from /proc, its own process only) and its resident memory
 * before and after. Beside the main scenario: a direct-SDK client and a plain-fetch client
 * making the same calls in their own processes (the limits), `{ __typename }` (the server's
 * ceiling), and the main scenario again with latency injected into every sandbox call.
 *
 * A measurement, not a test: the machine's other work moves req/s; CPU per request is steadier.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { DEFAULT_CACHE_TTL_MS as CACHED_TTL_MS } from "../src/config.js";
import type { PublicIdentity } from "../src/sandbox/sandbox.js";
import type { ClientJob, ClientKind, ClientResult } from "./client.js";
import {
  processCpuMs,
  processRssMb,
  type SandboxProcess,
  sandboxAdministrator,
  spawnNode,
  startGatewayProcess,
  startSandboxProcess,
} from "./processes.js";
import { markdownTable, type Row, type Run, ratioLine } from "./report.js";
import {
  detailOf,
  detectorStatistics,
  exampleOperations,
  type FindingSelection,
  findingsPage,
  findingsPageByNode,
  fullFindingSelection,
  MAIN_PAGE_SIZE,
  type Scenario,
  TRIVIAL,
} from "./scenarios.js";

const USAGE = `npm run bench [-- options]   (builds, then runs; exits by itself)

  --seconds N        length of each measured run (default 3)
  --warmup N         seconds of warm-up load before each scenario (default 1)
  --connections L    comma list of concurrencies (default 1,8,32)
  --findings N       findings per administrator detector in the sandbox (default 10000)
  --latency-ms N     latency injected into every sandbox call for the last run (default 20; 0 skips it)
  --only TEXT        only scenarios whose name contains TEXT (the main scenario's clients follow it)
  --out FILE         also write the report to FILE (e.g. bench/results/latest.md, not committed)
`;

interface Options {
  seconds: number;
  warmup: number;
  connections: number[];
  findings: number;
  latencyMs: number;
  only?: string;
  out?: string;
}

function positive(name: string, raw: string | undefined, fallback: number, zero = false): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (!zero && value === 0)) {
    throw new Error(
      `--${name} must be a ${zero ? "non-negative" : "positive"} number; got "${raw}"`,
    );
  }
  return value;
}

function options(argv: string[]): Options | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      seconds: { type: "string" },
      warmup: { type: "string" },
      connections: { type: "string" },
      findings: { type: "string" },
      "latency-ms": { type: "string" },
      only: { type: "string" },
      out: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return undefined;
  const connections = (values.connections ?? "1,8,32")
    .split(",")
    .map((part) => positive("connections", part.trim(), 1));
  if (connections.some((c) => !Number.isInteger(c)))
    throw new Error("--connections: whole numbers");
  return {
    seconds: positive("seconds", values.seconds, 3),
    warmup: positive("warmup", values.warmup, 1, true),
    connections,
    findings: positive("findings", values.findings, 10_000),
    latencyMs: positive("latency-ms", values["latency-ms"], 20, true),
    ...(values.only ? { only: values.only } : {}),
    ...(values.out ? { out: values.out } : {}),
  };
}

const progress = (line: string) => process.stderr.write(`${line}\n`);

interface Target {
  sandbox: SandboxProcess;
  gateway: { url: string; pid: number };
  admin: PublicIdentity;
  region: string;
  detectorId: string;
}

interface GraphQLAnswer {
  data?: unknown;
  /** `limit` names the query limit a refused query is over (src/graphql/query-limits.ts). */
  errors?: { message: string; extensions?: { code?: string; limit?: string } }[];
}

function requestBody(scenario: Scenario): string {
  return JSON.stringify({
    query: scenario.query,
    variables: scenario.variables,
    ...(scenario.operationName ? { operationName: scenario.operationName } : {}),
  });
}

async function postGraphQL(
  url: string,
  body: string,
): Promise<{ answer: GraphQLAnswer; bytes: number }> {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body,
  });
  const text = await response.text();
  return { answer: JSON.parse(text) as GraphQLAnswer, bytes: Buffer.byteLength(text) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One clock tick of /proc CPU time on common kernels (USER_HZ 100). */
const IDLE_CPU_MS = 10;

/**
 * Waits until the gateway and the sandbox have used no more than a clock tick of CPU in two
 * windows in a row: a run's requests abandoned by the load generator at its end are still
 * worked on, and would otherwise be counted in the next measurement.
 */
async function settle(target: Target, maxMs = 30_000): Promise<void> {
  const pids = [target.gateway.pid, target.sandbox.pid];
  const used = () => pids.reduce((sum, pid) => sum + processCpuMs(pid), 0);
  const until = performance.now() + maxMs;
  let previous = used();
  let quiet = 0;
  while (quiet < 2 && performance.now() < until) {
    await sleep(250);
    const now = used();
    quiet = now - previous <= IDLE_CPU_MS ? quiet + 1 : 0;
    previous = now;
  }
}

async function sandboxCalls(sandboxUrl: string): Promise<number> {
  const response = await fetch(`${sandboxUrl}/_sandbox/calls`);
  return ((await response.json()) as unknown[]).length;
}

async function clearSandboxCalls(sandboxUrl: string): Promise<void> {
  await fetch(`${sandboxUrl}/_sandbox/calls`, { method: "DELETE" });
}

async function setLatency(sandboxUrl: string, latencyMs: number): Promise<void> {
  const rules = latencyMs > 0 ? [{ probability: 1, latencyMs }] : [];
  const response = await fetch(`${sandboxUrl}/_sandbox/faults`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(rules),
  });
  if (!response.ok) throw new Error(`setting sandbox faults: HTTP ${response.status}`);
}

function minimumText(scenario: Scenario): string {
  const minimum = scenario.minimumCalls;
  if (!minimum) return "?";
  return minimum.min === minimum.max ? String(minimum.min) : `${minimum.min}–${minimum.max}`;
}

/** One request, its answer checked and its GuardDuty calls counted from the sandbox's log. */
async function probe(target: Target, scenario: Scenario, body: string) {
  await settle(target);
  await clearSandboxCalls(target.sandbox.url);
  const { answer, bytes } = await postGraphQL(target.gateway.url, body);
  const calls = await sandboxCalls(target.sandbox.url);
  const minimum = scenario.minimumCalls;
  const over = minimum && calls > minimum.max ? " ⚠" : "";
  const error = answer.errors?.[0];
  return {
    calls: `${calls} (${minimumText(scenario)})${over}`,
    answerKb: bytes / 1024,
    ...(error || !answer.data
      ? {
          error: `answered with errors: ${error?.extensions?.code ?? ""} ${error?.message ?? "no data"}`,
        }
      : {}),
  };
}

async function load(url: string, body: string, connections: number, seconds: number) {
  return autocannon({
    url: `${url}/graphql`,
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body,
    connections,
    duration: seconds,
    timeout: 30,
    // A 200 with GraphQL errors is a failure too; the bodies are read here, not in the gateway.
    verifyBody: (text) => !text.includes('"errors"'),
  });
}

async function measureGateway(target: Target, scenario: Scenario, options: Options): Promise<Row> {
  const body = requestBody(scenario);
  const probed = await probe(target, scenario, body);
  const pid = target.gateway.pid;
  const row: Row = {
    scenario: scenario.name,
    client: "gateway",
    calls: probed.calls,
    answerKb: probed.answerKb,
    runs: [],
    rssBeforeMb: processRssMb(pid),
    rssAfterMb: Number.NaN,
  };
  if (probed.error) {
    progress(`  ${scenario.name}: ${probed.error}`);
    return { ...row, note: probed.error.slice(0, 160), rssAfterMb: processRssMb(pid) };
  }
  if (options.warmup > 0) await load(target.gateway.url, body, 8, options.warmup);
  for (const connections of options.connections) {
    await settle(target);
    const cpuBefore = processCpuMs(pid);
    const result = await load(target.gateway.url, body, connections, options.seconds);
    await settle(target);
    const run: Run = {
      connections,
      requests: result.requests.total,
      sent: result.requests.sent,
      seconds: result.duration,
      p50: result.latency.p50,
      p99: result.latency.p99,
      cpuMs: processCpuMs(pid) - cpuBefore,
      failures: result.non2xx + result.mismatches + result.errors + result.timeouts,
    };
    row.runs.push(run);
    progress(
      `  ${scenario.name} · gateway · ${connections} conn: ${(run.requests / run.seconds).toFixed(0)} req/s, CPU ${(run.cpuMs / Math.max(1, run.sent)).toFixed(2)} ms/request`,
    );
  }
  row.rssAfterMb = processRssMb(pid);
  return row;
}

/** A reference client in its own process, making the main scenario's calls. */
async function measureClient(
  target: Target,
  kind: ClientKind,
  scenario: string,
  options: Options,
): Promise<Row> {
  const job: ClientJob = {
    endpoint: target.sandbox.url,
    region: target.region,
    detectorId: target.detectorId,
    accessKeyId: target.admin.accessKeyId,
    secretAccessKey: target.admin.secretAccessKey,
    pageSize: MAIN_PAGE_SIZE,
    connections: options.connections,
    seconds: options.seconds,
    warmupSeconds: options.warmup,
  };
  const client = await spawnNode(`${kind} client`, {
    args: ["--import", "tsx", "bench/client.ts", kind, JSON.stringify(job)],
    env: { ...process.env, NODE_ENV: "production", AWS_EC2_METADATA_DISABLED: "true" },
  });
  let output = "";
  client.child.stdout?.setEncoding("utf8");
  client.child.stdout?.on("data", (part: string) => {
    output += part;
  });
  const code = await new Promise<number | null>((resolve) => client.child.once("exit", resolve));
  const results = output
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as ClientResult);
  const name = kind === "sdk" ? "direct SDK" : "plain fetch";
  if (code !== 0 || results.length === 0) {
    return {
      scenario,
      client: name,
      calls: "2 (2)",
      runs: [],
      rssBeforeMb: Number.NaN,
      rssAfterMb: Number.NaN,
      note: `the ${name} client failed (exit ${code})`,
    };
  }
  for (const result of results) {
    progress(
      `  ${scenario} · ${name} · ${result.connections} conn: ${(result.pages / result.seconds).toFixed(0)} pages/s, CPU ${(result.cpuMs / Math.max(1, result.pages)).toFixed(2)} ms/page`,
    );
  }
  return {
    scenario,
    client: name,
    calls: "2 (2)",
    runs: results.map((result) => ({
      connections: result.connections,
      requests: result.pages,
      sent: result.pages + result.errors,
      seconds: result.seconds,
      p50: result.p50,
      p99: result.p99,
      cpuMs: result.cpuMs,
      failures: result.errors,
    })),
    rssBeforeMb: results[0]?.rssBeforeMb ?? Number.NaN,
    rssAfterMb: results.at(-1)?.rssAfterMb ?? Number.NaN,
  };
}

/** The main scenario through the gateway and both reference clients. */
async function measureMain(target: Target, scenario: Scenario, options: Options, label: string) {
  const named = { ...scenario, name: label };
  return [
    await measureGateway(target, named, options),
    await measureClient(target, "sdk", label, options),
    await measureClient(target, "fetch", label, options),
  ];
}

/** Deepest first: the whole finding, then fewer levels of it. */
const SELECTION_LEVELS = [Number.POSITIVE_INFINITY, 8, 7, 6, 5, 4, 3, 2, 1];

/**
 * The most of each finding a 50-finding page may select within the gateway's query limits
 * (src/graphql/query-limits.ts): the whole finding when they allow it, else fewer levels.
 */
async function chooseSelection(target: Target): Promise<FindingSelection> {
  for (const levels of SELECTION_LEVELS) {
    const selection = { levels, text: fullFindingSelection(levels) };
    const scenario = findingsPage(target.detectorId, target.region, selection);
    const { answer } = await postGraphQL(target.gateway.url, requestBody(scenario));
    const limit = answer.errors?.find((error) => error.extensions?.limit !== undefined);
    if (!limit) return selection;
    progress(`  ${detailOf(selection)}: ${limit.message}`);
  }
  throw new Error("no selection of a finding page fits the gateway's query limits");
}

async function detectorGlobalId(target: Target): Promise<string> {
  const { answer } = await postGraphQL(
    target.gateway.url,
    JSON.stringify({ query: "{ detectors { id region } }" }),
  );
  const detectors = (answer.data as { detectors?: { id: string; region: string }[] } | undefined)
    ?.detectors;
  const found = detectors?.find((detector) => detector.region === target.region);
  if (!found) throw new Error(`no detector in ${target.region}: ${JSON.stringify(answer)}`);
  return found.id;
}

function machine(): string[] {
  const model = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1];
  let nproc = String(cpus().length);
  try {
    nproc = execFileSync("nproc", { encoding: "utf8" }).trim();
  } catch {
    // os.cpus() above
  }
  return [
    `Node.js ${process.version}, ${nproc} cores (nproc), ${model ?? cpus()[0]?.model ?? "unknown CPU"}`,
  ];
}

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2));
  if (!opts) {
    process.stdout.write(USAGE);
    return;
  }
  const started = performance.now();
  const loadBefore = loadavg();
  progress(`Starting the sandbox (${opts.findings} findings per detector) and the gateway…`);
  const sandbox = await startSandboxProcess(opts.findings, true);
  const admin = await sandboxAdministrator(sandbox.url);
  // Without the shared read cache: every request makes its GuardDuty calls, as the reference
  // clients do. The cache gets a run of its own at the end.
  const gateway = await startGatewayProcess(sandbox.url, admin, { CACHE_TTL_MS: "0" });
  const region = admin.regions[0] as string;
  const target: Target = {
    sandbox,
    gateway,
    admin,
    region,
    detectorId: admin.detectorIds[region] as string,
  };
  const idleRssMb = processRssMb(gateway.pid);
  const selection = await chooseSelection(target);
  const main = findingsPage(target.detectorId, region, selection);
  const wanted = (scenario: Scenario) => !opts.only || scenario.name.includes(opts.only);
  const rows: Row[] = [];

  if (wanted(main)) rows.push(...(await measureMain(target, main, opts, main.name)));
  const others = [
    findingsPageByNode(await detectorGlobalId(target), selection),
    detectorStatistics(admin),
    ...exampleOperations(target.detectorId, region),
    TRIVIAL,
  ].filter(wanted);
  for (const scenario of others) rows.push(await measureGateway(target, scenario, opts));
  const latencyLabel = `${main.name}, +${opts.latencyMs} ms per call`;
  if (opts.latencyMs > 0 && wanted(main)) {
    await setLatency(sandbox.url, opts.latencyMs);
    rows.push(...(await measureMain(target, main, opts, latencyLabel)));
    await setLatency(sandbox.url, 0);
  }
  const finalRssMb = processRssMb(gateway.pid);
  await gateway.stop();
  const cachedLabel = `${main.name}, shared read cache (${CACHED_TTL_MS / 1000} s)`;
  if (wanted(main)) {
    const cached = await startGatewayProcess(sandbox.url, admin, {
      CACHE_TTL_MS: String(CACHED_TTL_MS),
    });
    try {
      rows.push(
        await measureGateway({ ...target, gateway: cached }, { ...main, name: cachedLabel }, opts),
      );
    } finally {
      await cached.stop();
    }
  }
  await sandbox.stop();

  const byName = (scenario: string, client: Row["client"]) =>
    rows.find((row) => row.scenario === scenario && row.client === client);
  const middle = opts.connections.includes(8) ? 8 : (opts.connections[0] as number);
  const minutes = (performance.now() - started) / 60_000;
  const report = [
    `### Latest run: ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
    "",
    ...machine().map((line) => `- ${line}`),
    `- World: ${opts.findings} findings per detector; ${opts.seconds} s per run after ${opts.warmup} s of warm-up; load average ${loadBefore.map((l) => l.toFixed(1)).join(" ")} at the start, ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")} at the end; whole run ${minutes.toFixed(1)} min.`,
    `- Gateway RSS: ${idleRssMb.toFixed(0)} MB idle after start, ${finalRssMb.toFixed(0)} MB at the end.`,
    `- Findings pages select ${detailOf(selection) === "full detail" ? "every field of each finding" : `every field of each finding down to ${selection.levels} levels of objects, the most the gateway's query cost limit accepts for 50 findings`}.`,
    "",
    markdownTable(rows, opts.connections),
    "",
    "Upstream calls: what one request cost in the sandbox's call log, and in brackets the fewest it can (⚠: more). " +
      "req/s counts answered requests; CPU ms/request is the measured process's own user + system time over the run " +
      "(until it is idle again) divided by the requests sent; the direct-SDK and plain-fetch clients run in their own processes.",
    "",
    ratioLine(main.name, byName(main.name, "gateway"), byName(main.name, "direct SDK"), middle),
    ratioLine(main.name, byName(main.name, "gateway"), byName(main.name, "plain fetch"), middle),
    ratioLine(cachedLabel, byName(cachedLabel, "gateway"), byName(main.name, "direct SDK"), middle),
    ratioLine(
      latencyLabel,
      byName(latencyLabel, "gateway"),
      byName(latencyLabel, "direct SDK"),
      middle,
    ),
    "",
  ].join("\n");
  process.stdout.write(report);
  if (opts.out) {
    mkdirSync(dirname(opts.out), { recursive: true });
    writeFileSync(opts.out, report);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
