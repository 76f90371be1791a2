import {
  createServer,
  type IncomingMessage,
  request,
  type Server,
  type ServerResponse,
} from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  countBy as countOf,
  type GatewayKit,
  type GatewaySettings,
  gatewayFor,
  operations,
} from "../kit/gateway.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";
import { streamBody } from "../kit/stream-body.js";

/** A gateway served by node:http on a free loopback port, as src/server.ts serves it. */
interface Served {
  gateway: GatewayKit;
  url: string;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

async function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

async function serve(
  kit: SandboxKit,
  settings: GatewaySettings,
  endpoint?: string,
): Promise<Served> {
  const gateway = gatewayFor(kit, kit.administrator, {
    regions: ["us-east-1"],
    gateway: settings,
    ...(endpoint ? { endpoint } : {}),
  });
  const server = createServer(gateway.yoga);
  const url = await listen(server);
  return {
    gateway,
    url,
    async close() {
      gateway.close();
      await stop(server);
    },
  };
}

async function postQuery(url: string, query: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query }),
    ...init,
  });
}

async function expectAnswers(url: string): Promise<void> {
  const response = await postQuery(url, "{ detectors { region } }");
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ data: { detectors: [{ region: "us-east-1" }] } });
}

let kit: SandboxKit;
beforeAll(async () => {
  kit = await startSandbox({ findingsPerDetector: 10 });
});
afterAll(async () => {
  await kit.close();
});
beforeEach(() => kit.clearCalls());

describe("request bodies over MAX_BODY_BYTES get 413 without being read", () => {
  let served: Served;
  beforeAll(async () => {
    served = await serve(kit, {});
  });
  afterAll(() => served.close());

  it.each([
    ["declared by Content-Length", true],
    ["sent chunked", false],
  ])("a 20 MB body %s", async (_name, declareLength) => {
    const answer = await streamBody(served.url, 20_000_000, declareLength);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text)).toEqual({
      errors: [
        {
          message: "The request body is larger than the limit of 1048576 bytes",
          extensions: {
            code: "PAYLOAD_TOO_LARGE",
            maxBytes: 1_048_576,
            requestId: expect.any(String),
          },
        },
      ],
    });
    // Refused long before the end: at most the limit plus what sat in socket buffers.
    expect(answer.sent).toBeLessThan(20_000_000);
    expect(await operations(kit)).toEqual([]);
    await expectAnswers(served.url);
  });

  it("a body just under the limit is read and answered", async () => {
    const query = "{ detectors { region } }";
    const padding = " ".repeat(1_048_576 - JSON.stringify({ query }).length - 2);
    const body = `{ "query": ${JSON.stringify(query)}${padding}}`;
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(1_048_576);
    const response = await fetch(`${served.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { detectors: [{ region: "us-east-1" }] } });
    expect(await operations(kit)).toEqual(["ListDetectors"]);
  });

  it("a smaller MAX_BODY_BYTES refuses a chunked body one byte over it", async () => {
    const small = await serve(kit, { maxBodyBytes: 4_096 });
    const answer = await streamBody(small.url, 4_097, false);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text).errors[0].extensions).toEqual({
      code: "PAYLOAD_TOO_LARGE",
      maxBytes: 4_096,
      requestId: expect.any(String),
    });
    expect(await operations(kit)).toEqual([]);
    await expectAnswers(small.url);
    await small.close();
  });
});

/**
 * A loopback proxy in front of the sandbox. While closed it holds every GuardDuty call, so a
 * test knows requests are in flight without relying on timing; open, it passes calls through.
 */
interface Gate {
  url: string;
  held(): number;
  /** Resolves once `count` calls are waiting. */
  waitFor(count: number): Promise<void>;
  /** Lets the held calls and every later one through. */
  open(): void;
  /** Holds calls from now on. */
  shut(): void;
  close(): Promise<void>;
}

async function startGate(target: string): Promise<Gate> {
  const waiting: (() => void)[] = [];
  const watchers: { count: number; resolve: () => void }[] = [];
  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const upstream = request(`${target}${req.url}`, { method: req.method, headers: req.headers });
    upstream.on("response", (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  };
  let holding = true;
  const server = createServer((req, res) => {
    if (!holding) {
      forward(req, res);
      return;
    }
    req.pause();
    waiting.push(() => forward(req, res));
    for (const watcher of watchers.filter((w) => waiting.length >= w.count)) watcher.resolve();
  });
  const url = await listen(server);
  return {
    url,
    held: () => waiting.length,
    waitFor: (count) =>
      waiting.length >= count
        ? Promise.resolve()
        : new Promise((resolve) => watchers.push({ count, resolve })),
    open() {
      holding = false;
      for (const go of waiting.splice(0)) go();
    },
    shut() {
      holding = true;
    },
    close: () => stop(server),
  };
}

describe("at most MAX_CONCURRENT_REQUESTS in flight; the rest get 503 with Retry-After", () => {
  let gate: Gate;
  let served: Served;
  beforeAll(async () => {
    gate = await startGate(kit.url);
    served = await serve(kit, { maxConcurrentRequests: 2 }, gate.url);
  });
  beforeEach(() => gate.shut());
  afterAll(async () => {
    gate.open();
    await served.close();
    await gate.close();
  });

  it("refuses the third request while two are in flight, and serves again after", async () => {
    const first = postQuery(served.url, "{ detectors { region } }");
    const second = postQuery(served.url, "{ detectors { region } }");
    await gate.waitFor(2);

    const third = await postQuery(served.url, "{ detectors { region } }");
    expect(third.status).toBe(503);
    expect(third.headers.get("retry-after")).toBe("1");
    expect(await third.json()).toEqual({
      errors: [
        {
          message: "The gateway is at its limit of 2 requests in flight; retry shortly",
          extensions: { code: "SERVER_BUSY", maxConcurrentRequests: 2 },
        },
      ],
    });
    expect(gate.held()).toBe(2);

    gate.open();
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    // The refused request never reached GuardDuty: two requests' calls, no more.
    expect(countOf(await operations(kit))).toEqual({ ListDetectors: 2 });
    await expectAnswers(served.url);
  });

  it("frees the slot of a client that went away: its pending GuardDuty calls are abandoned", async () => {
    const abandon = new AbortController();
    const gone = postQuery(served.url, "{ detectors { region } }", {
      signal: abandon.signal,
    }).catch((error: unknown) => error);
    const kept = postQuery(served.url, "{ detectors { region } }");
    await gate.waitFor(2);
    expect((await postQuery(served.url, "{ __typename }")).status).toBe(503);
    abandon.abort();
    expect(await gone).toBeInstanceOf(Error);
    // The gate still holds both GuardDuty calls; the abandoned request stops waiting for its
    // own and gives its slot back. Poll for it, no fixed sleep.
    let status = 0;
    for (let attempt = 0; attempt < 500 && status !== 200; attempt += 1) {
      status = (await postQuery(served.url, "{ __typename }")).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(status).toBe(200);

    gate.open();
    expect((await kept).status).toBe(200);
    // The abandoned call was dropped at the gate: GuardDuty saw only the request still wanted.
    expect(countOf(await operations(kit))).toEqual({ ListDetectors: 1 });
  });

  it("releases every slot: many requests one after another on one connection all succeed", async () => {
    gate.open();
    for (let i = 0; i < 10; i += 1) {
      const response = await postQuery(served.url, "{ __typename }");
      expect(response.status).toBe(200);
    }
    expect(await operations(kit)).toEqual([]);
  });
});
