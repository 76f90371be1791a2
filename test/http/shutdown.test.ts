import { type ChildProcess, spawn } from "node:child_process";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

/**
 * The real entry (`node --import tsx src/server.ts`) on a free port with its embedded sandbox,
 * stopped with SIGTERM while requests are in flight. Latency comes from the sandbox's fault
 * rules, set through the control plane whose address the banner prints.
 */
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const START_WITHIN_MS = 60_000;

interface RunningEntry {
  child: ChildProcess;
  graphql: string;
  sandbox: string;
  output: () => string;
  exited: Promise<number | null>;
}

let running: RunningEntry | undefined;
afterEach(() => {
  // A failed test must not leave the process it started behind.
  if (running && running.child.exitCode === null) running.child.kill("SIGKILL");
  running = undefined;
});

async function startEntry(env: Record<string, string>): Promise<RunningEntry> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: "0",
      SANDBOX_FINDINGS: "40",
      SANDBOX_MEMBERS: "8",
      // Identical queries in flight would share their calls; these tests count each request's.
      CACHE_TTL_MS: "0",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  running = { child, graphql: "", sandbox: "", output: () => output, exited };
  await waitFor(
    () => /sandbox at http:\/\/\S+/.test(output) || child.exitCode !== null,
    START_WITHIN_MS,
  );
  const graphql = /gateway at (http:\/\/\S+\/graphql)/.exec(output)?.[1];
  const sandbox = /sandbox at (http:\/\/[\d.:]+)/.exec(output)?.[1];
  if (!graphql || !sandbox) throw new Error(`the gateway did not start:\n${output}`);
  running = { child, graphql, sandbox, output: () => output, exited };
  return running;
}

async function waitFor(condition: () => boolean | Promise<boolean>, withinMs: number) {
  const until = Date.now() + withinMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`condition not met within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Resolves with the exit code, or fails when the process is still running after `withinMs`. */
async function exitCode(entry: RunningEntry, withinMs: number): Promise<number | null> {
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`still running after ${withinMs} ms`)), withinMs).unref(),
  );
  return Promise.race([entry.exited, timeout]);
}

interface Answer {
  status: number;
  connection: string | null;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[];
  };
}

async function post(url: string, query: string, variables?: unknown): Promise<Answer> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(20_000),
  });
  return {
    status: response.status,
    connection: response.headers.get("connection"),
    body: (await response.json()) as Answer["body"],
  };
}

async function sandboxCalls(entry: RunningEntry): Promise<string[]> {
  const response = await fetch(`${entry.sandbox}/_sandbox/calls`);
  return ((await response.json()) as { operation: string }[]).map((call) => call.operation);
}

async function setFaults(entry: RunningEntry, rules: unknown[]): Promise<void> {
  const response = await fetch(`${entry.sandbox}/_sandbox/faults`, {
    method: "PUT",
    body: JSON.stringify(rules),
  });
  expect(response.status).toBe(200);
}

const FINDINGS = "{ detectors { region findings(first: 2) { edges { node { findingId } } } } }";
const ARCHIVE = `mutation($input: FindingsInput!) { archiveFindings(input: $input) {
  __typename ... on FindingsPayload { findings { findingId archived } } } }`;

/** A detector of the gateway's account and two of its active findings. */
async function archiveTarget(entry: RunningEntry) {
  const answer = await post(
    entry.graphql,
    "{ detectors { detectorId region findings(first: 2, filter: { archived: false }) { edges { node { findingId } } } } }",
  );
  expect(answer.body.errors).toBeUndefined();
  const detectors = answer.body.data?.detectors as {
    detectorId: string;
    region: string;
    findings: { edges: { node: { findingId: string } }[] };
  }[];
  const detector = detectors[0] as (typeof detectors)[number];
  return {
    detectorId: detector.detectorId,
    region: detector.region,
    findingIds: detector.findings.edges.map((edge) => edge.node.findingId),
  };
}

/** A TCP connection opened now, on which a request is sent later. */
function earlyConnection(url: string) {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  let text = "";
  socket.on("data", (chunk) => {
    text += chunk.toString();
  });
  const closed = new Promise<string>((resolve) => {
    socket.on("close", () => resolve(text));
    socket.on("error", () => resolve(text));
  });
  return {
    connected: new Promise<void>((resolve) => socket.once("connect", () => resolve())),
    send(query: string) {
      const body = JSON.stringify({ query });
      socket.write(
        `POST /graphql HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
      return closed;
    },
  };
}

const refusal = (url: string) =>
  fetch(url, { method: "POST" }).then(
    (response) => `answered ${response.status}`,
    (error: { cause?: { code?: string } }) => error.cause?.code,
  );

describe("SIGTERM drains the gateway", () => {
  it("lets queries and a mutation in flight finish, refuses new requests, and exits 0", async () => {
    const entry = await startEntry({ SHUTDOWN_GRACE_MS: "10000" });
    const target = await archiveTarget(entry);
    await setFaults(entry, [
      { operation: "ListFindings", probability: 1, latencyMs: 1_500 },
      { operation: "ArchiveFindings", probability: 1, latencyMs: 2_000 },
    ]);
    await fetch(`${entry.sandbox}/_sandbox/calls`, { method: "DELETE" });
    const early = earlyConnection(entry.graphql);
    await early.connected;

    const queries = [1, 2, 3].map(() => post(entry.graphql, FINDINGS));
    const mutation = post(entry.graphql, ARCHIVE, { input: target });
    // Every request is in flight: each query listed findings in both regions, the change was sent.
    await waitFor(async () => {
      const calls = await sandboxCalls(entry);
      return (
        calls.filter((op) => op === "ListFindings").length === 6 &&
        calls.includes("ArchiveFindings")
      );
    }, 10_000);

    entry.child.kill("SIGTERM");
    await waitFor(() => entry.output().includes("SIGTERM: draining 4 request(s)"), 5_000);
    expect(await refusal(entry.graphql)).toBe("ECONNREFUSED");
    const late = await early.send(FINDINGS);
    expect(late).toMatch(/^HTTP\/1\.1 503 /);
    expect(late).toContain('"code":"SHUTTING_DOWN"');

    for (const answer of await Promise.all(queries)) {
      expect(answer.status).toBe(200);
      expect(answer.connection).toBe("close");
      expect(answer.body.errors).toBeUndefined();
      const detectors = answer.body.data?.detectors as { findings: { edges: unknown[] } }[];
      expect(detectors.map((d) => d.findings.edges.length)).toEqual([2, 2]);
    }
    const changed = await mutation;
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({
      data: {
        archiveFindings: {
          __typename: "FindingsPayload",
          findings: target.findingIds.map((findingId) => ({ findingId, archived: true })),
        },
      },
    });
    expect(await exitCode(entry, 10_000)).toBe(0);
    expect(entry.output()).toContain("Stopped: 4 request(s) finished during the drain");
  });

  it("cuts requests still in flight when the grace period ends: SHUTTING_DOWN, exit 3", async () => {
    const entry = await startEntry({ SHUTDOWN_GRACE_MS: "500" });
    const target = await archiveTarget(entry);
    await setFaults(entry, [
      { operation: "ListFindings", probability: 1, latencyMs: 20_000 },
      { operation: "ArchiveFindings", probability: 1, latencyMs: 20_000 },
    ]);
    await fetch(`${entry.sandbox}/_sandbox/calls`, { method: "DELETE" });
    const query = post(
      entry.graphql,
      "{ detectors { region status findings(first: 2) { edges { cursor } } } }",
    );
    const mutation = post(entry.graphql, ARCHIVE, { input: target });
    await waitFor(async () => {
      const calls = await sandboxCalls(entry);
      return (
        calls.filter((op) => op === "ListFindings").length === 2 &&
        calls.includes("ArchiveFindings")
      );
    }, 10_000);

    const signalled = performance.now();
    entry.child.kill("SIGTERM");
    const [read, change] = await Promise.all([query, mutation]);
    // Cut at the end of the grace period, not when GuardDuty would have answered (20 s).
    expect(performance.now() - signalled).toBeLessThan(500 + 4_000);

    expect(read.status).toBe(200);
    expect(read.body.data).toEqual({
      detectors: [
        { region: "us-east-1", status: "ENABLED", findings: null },
        { region: "eu-west-1", status: "ENABLED", findings: null },
      ],
    });
    expect(read.body.errors?.map((e) => [e.path?.join("."), e.extensions?.code])).toEqual([
      ["detectors.0.findings", "SHUTTING_DOWN"],
      ["detectors.1.findings", "SHUTTING_DOWN"],
    ]);
    expect(change.status).toBe(200);
    expect(change.body.data).toBeNull();
    expect(change.body.errors?.map((e) => [e.path?.join("."), e.extensions?.code])).toEqual([
      ["archiveFindings", "SHUTTING_DOWN"],
    ]);
    // The client learns that the change had been sent: it may or may not have been applied.
    expect(change.body.errors?.[0]?.extensions?.outcome).toBe("UNKNOWN");
    expect(await exitCode(entry, 10_000)).toBe(3);
    expect(entry.output()).toContain("Stopped: 2 of 2 request(s) cut with SHUTTING_DOWN");
  });
});
