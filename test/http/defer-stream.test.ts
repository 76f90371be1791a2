/**
 * @defer and @stream over real HTTP (`Accept: multipart/mixed`, node:http, fetch reading the
 * body as it arrives): parts in order and sent as they are ready (compressed or not), errors in
 * later parts with their codes and the request id, the request's deadline and budget covering
 * every part, and the access log line written after the last part.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { gatewayFor, operations } from "../kit/gateway.js";
import { listenGateway } from "../kit/http.js";
import { observedGateway } from "../kit/observed.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";

/** Finding details (one ListFindings and one GetFindings) deferred behind the detector's id. */
const DEFERRED_DETAILS = `query DeferredDetails {
  detectors {
    detectorId
    ... @defer(label: "details") {
      findings(first: 3) { edges { node { findingId title severity } } }
    }
  }
}`;

/** The SDK's default slow-path waits would hide a stuck stream: every part here is quick or late. */
const SLOW_MS = 2_500;

interface Part {
  payload: Record<string, unknown>;
  /** Milliseconds since the request was sent. */
  at: number;
}

/** The JSON parts of a multipart/mixed body (GraphQL incremental delivery), as they arrive. */
async function readParts(response: Response, started: number): Promise<Part[]> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const parts: Part[] = [];
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    for (;;) {
      const head = buffer.indexOf("\r\n\r\n");
      if (head === -1) break;
      const length = /content-length:\s*(\d+)/i.exec(buffer.slice(0, head))?.[1];
      if (length === undefined) break;
      const start = head + 4;
      const bytes = new TextEncoder().encode(buffer.slice(start));
      if (bytes.byteLength < Number(length)) break;
      const json = new TextDecoder().decode(bytes.slice(0, Number(length)));
      parts.push({ payload: JSON.parse(json), at: performance.now() - started });
      buffer = buffer.slice(start + json.length);
    }
  }
  return parts;
}

let kit: SandboxKit;

beforeAll(async () => {
  kit = await startSandbox({ findingsPerDetector: 10 });
});
afterAll(() => kit.close());
beforeEach(async () => {
  await kit.clearCalls();
  await kit.control("PUT", "/_sandbox/faults", []);
});

async function served(options: Parameters<typeof gatewayFor>[2] = {}) {
  const gateway = gatewayFor(kit, kit.administrator, { regions: ["us-east-1"], ...options });
  const listening = await listenGateway(gateway.yoga);
  return {
    gateway,
    async post(query: string, headers: Record<string, string> = {}) {
      const started = performance.now();
      const response = await fetch(`${listening.url}/graphql`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "multipart/mixed",
          ...headers,
        },
        body: JSON.stringify({ query }),
      });
      return { response, parts: await readParts(response, started) };
    },
    async close() {
      await listening.close();
      gateway.close();
    },
  };
}

describe("@defer", () => {
  let server: Awaited<ReturnType<typeof served>>;
  beforeAll(async () => {
    server = await served();
  });
  afterAll(() => server.close());

  // One gateway answers the same document three times: from its second execution an operation
  // would run compiled (src/graphql/compiled-execution.ts), which must leave @defer to Yoga.
  it.each([
    ["uncompressed", "identity", null],
    ["gzip, each part flushed", "gzip", "gzip"],
    ["brotli, each part flushed", "br", "br"],
  ])(
    "sends the detector first and the slow finding details after (%s)",
    async (_name, accept, coding) => {
      await kit.control("PUT", "/_sandbox/faults", [
        { operation: "GetFindings", probability: 1, latencyMs: SLOW_MS },
      ]);
      const { response, parts } = await server.post(DEFERRED_DETAILS, {
        "accept-encoding": accept,
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^multipart\/mixed/);
      expect(response.headers.get("content-encoding")).toBe(coding);
      expect(parts.map((part) => part.payload)).toEqual([
        {
          data: { detectors: [{ detectorId: kit.administrator.detectorIds["us-east-1"] }] },
          hasNext: true,
        },
        {
          incremental: [
            {
              data: {
                findings: {
                  edges: expect.arrayContaining([
                    {
                      node: {
                        findingId: expect.any(String),
                        title: expect.any(String),
                        severity: expect.any(Number),
                      },
                    },
                  ]),
                },
              },
              path: ["detectors", 0],
              label: "details",
            },
          ],
          hasNext: false,
        },
      ]);
      const [first, last] = parts as [Part, Part];
      // The first part did not wait for GetFindings; the last one did.
      expect(first.at).toBeLessThan(SLOW_MS);
      expect(last.at).toBeGreaterThanOrEqual(SLOW_MS);
      expect(await operations(kit)).toEqual(["ListDetectors", "ListFindings", "GetFindings"]);
    },
  );

  it("an error in the deferred part keeps its code and the request id, and is logged", async () => {
    await kit.control("PUT", "/_sandbox/faults", [
      {
        operation: "GetFindings",
        probability: 1,
        status: 500,
        code: "InternalServerErrorException",
      },
    ]);
    const { response, parts } = await server.post(DEFERRED_DETAILS);
    const requestId = response.headers.get("x-request-id");
    expect(requestId).toBeTruthy();
    expect(parts).toHaveLength(2);
    const later = parts[1]?.payload as {
      incremental: { errors: { message: string; extensions: Record<string, unknown> }[] }[];
    };
    const [error] = later.incremental[0]?.errors ?? [];
    expect(error?.message).toBe("GuardDuty is unavailable (GetFindings in us-east-1); retry later");
    expect(error?.extensions).toMatchObject({
      code: "UPSTREAM_UNAVAILABLE",
      operation: "GetFindings",
      requestId,
    });
    expect(server.gateway.logText()).toMatch(/GuardDuty GetFindings failed/);
  });
});

describe("an unexpected error in a deferred part", () => {
  let server: Awaited<ReturnType<typeof served>>;
  beforeAll(async () => {
    server = await served();
  });
  afterAll(() => server.close());

  it("is masked (Yoga masks top-level errors only) and logged once", async () => {
    await kit.control("PUT", "/_sandbox/faults", [
      {
        operation: "GetFindings",
        probability: 1,
        status: 418,
        code: "Teapot",
        message: "secret internals",
      },
    ]);
    const { response, parts } = await server.post(DEFERRED_DETAILS);
    expect(parts).toHaveLength(2);
    expect(JSON.stringify(parts)).not.toContain("secret internals");
    const later = parts[1]?.payload as {
      incremental: { errors: { message: string; extensions: Record<string, unknown> }[] }[];
    };
    expect(later.incremental[0]?.errors[0]).toMatchObject({
      message: "Unexpected error.",
      extensions: {
        code: "INTERNAL_SERVER_ERROR",
        requestId: response.headers.get("x-request-id"),
      },
    });
    expect(server.gateway.logText()).toContain("secret internals");
  });
});

describe("@stream", () => {
  let server: Awaited<ReturnType<typeof served>>;
  beforeAll(async () => {
    server = await served();
  });
  afterAll(() => server.close());

  it("sends the first edge, then the rest of the list in later parts, in order", async () => {
    const { parts } = await server.post(`{
      detectors { findings(first: 4) { edges @stream(initialCount: 1) { node { findingId } } } }
    }`);
    const first = parts[0]?.payload as {
      data: { detectors: { findings: { edges: { node: { findingId: string } }[] } }[] };
      hasNext: boolean;
    };
    expect(first.hasNext).toBe(true);
    expect(first.data.detectors[0]?.findings.edges).toHaveLength(1);
    const streamed = parts
      .slice(1)
      .flatMap(
        (part) =>
          (part.payload as { incremental?: { items: unknown[]; path: unknown[] }[] }).incremental ??
          [],
      );
    expect(streamed.map((item) => item.path)).toEqual([
      ["detectors", 0, "findings", "edges", 1],
      ["detectors", 0, "findings", "edges", 2],
      ["detectors", 0, "findings", "edges", 3],
    ]);
    expect(parts.at(-1)?.payload.hasNext).toBe(false);
    // The page's findings are still read in one GetFindings batch.
    expect(await operations(kit)).toEqual(["ListDetectors", "ListFindings", "GetFindings"]);
  });
});

describe("the request's deadline and budget cover the deferred parts", () => {
  let server: Awaited<ReturnType<typeof served>> | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("a deferred part still waiting at the deadline answers UPSTREAM_TIMEOUT", async () => {
    server = await served({ requestTimeoutMs: 1_000 });
    await kit.control("PUT", "/_sandbox/faults", [
      { operation: "GetFindings", probability: 1, latencyMs: SLOW_MS },
    ]);
    const { parts } = await server.post(DEFERRED_DETAILS);
    expect(parts).toHaveLength(2);
    const later = parts[1]?.payload as {
      incremental: { errors: { extensions: { code: string } }[] }[];
    };
    expect(later.incremental[0]?.errors[0]?.extensions.code).toBe("UPSTREAM_TIMEOUT");
    // Well before the slow call would have answered.
    expect(parts[1]?.at).toBeLessThan(SLOW_MS);
  });

  it("the estimate counts the deferred calls: over the budget, nothing runs", async () => {
    server = await served({ maxUpstreamCallsPerRequest: 2 });
    const { response, parts } = await server.post(DEFERRED_DETAILS);
    const payload = parts[0]?.payload ?? ((await response.json()) as Record<string, unknown>);
    const errors = (payload as { errors: { extensions: Record<string, unknown> }[] }).errors;
    expect(errors[0]?.extensions).toMatchObject({
      code: "UPSTREAM_BUDGET_EXCEEDED",
      estimatedCalls: 3,
    });
    expect(await operations(kit)).toEqual([]);
  });
});

describe("the access log", () => {
  it("is written after the last part, with every GuardDuty call counted", async () => {
    const observed = observedGateway(kit, kit.administrator, { regions: ["us-east-1"] });
    const listening = await listenGateway(observed.yoga);
    try {
      await kit.control("PUT", "/_sandbox/faults", [
        { operation: "GetFindings", probability: 1, latencyMs: 500 },
      ]);
      const started = performance.now();
      const response = await fetch(`${listening.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "multipart/mixed" },
        body: JSON.stringify({ query: DEFERRED_DETAILS }),
      });
      const parts = await readParts(response, started);
      expect(parts).toHaveLength(2);
      await new Promise((resolve) => setImmediate(resolve));
      const access = observed.logLines().filter((line) => line.msg === "request");
      expect(access).toHaveLength(1);
      expect(access[0]).toMatchObject({
        status: 200,
        operation: "DeferredDetails",
        upstreamCalls: 3,
      });
      expect(access[0]?.durationMs).toBeGreaterThanOrEqual(500);
    } finally {
      await listening.close();
      observed.close();
    }
  });
});
