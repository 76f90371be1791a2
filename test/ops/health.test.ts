import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startHttpServer } from "../../src/http/server.js";
import { operations } from "../kit/gateway.js";
import { rawRequest } from "../kit/http.js";
import { observedGateway } from "../kit/observed.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";

let kit: SandboxKit;
const regions = ["us-east-1", "eu-west-1"];
const faults = (rules: unknown[]) => kit.control("PUT", "/_sandbox/faults", rules);

beforeAll(async () => {
  kit = await startSandbox({ findingsPerDetector: 20, members: 8 });
});
afterAll(() => kit.close());
beforeEach(async () => {
  await faults([]);
  await kit.clearCalls();
});

describe("/healthz and /readyz", () => {
  it("liveness answers 200 without calling GuardDuty", async () => {
    const gateway = observedGateway(kit, kit.administrator, { regions });
    try {
      const response = await gateway.get("/healthz");
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: "ok" });
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(await operations(kit)).toEqual([]);
    } finally {
      gateway.close();
    }
  });

  it("readiness makes one ListDetectors per region, then answers from its cache", async () => {
    const gateway = observedGateway(kit, kit.administrator, {
      regions,
      gateway: { readinessCacheMs: 60_000 },
    });
    try {
      const first = await gateway.get("/readyz");
      expect(first.status).toBe(200);
      expect(await first.json()).toEqual({
        status: "ready",
        regions: { "us-east-1": "ok", "eu-west-1": "ok" },
      });
      const probes = await Promise.all([1, 2, 3].map(() => gateway.get("/readyz")));
      expect(probes.map((probe) => probe.status)).toEqual([200, 200, 200]);
      const calls = await kit.calls();
      expect(calls.map((call) => `${call.operation}@${call.region}`).sort()).toEqual([
        "ListDetectors@eu-west-1",
        "ListDetectors@us-east-1",
      ]);
    } finally {
      gateway.close();
    }
  });

  it("turns 503 while a region's GuardDuty fails, naming the region, and back once it answers", async () => {
    const gateway = observedGateway(kit, kit.administrator, {
      regions,
      gateway: { readinessCacheMs: 0 },
    });
    try {
      await faults([
        {
          operation: "ListDetectors",
          probability: 1,
          status: 500,
          code: "InternalServerErrorException",
        },
      ]);
      const failing = await gateway.get("/readyz");
      expect(failing.status).toBe(503);
      const body = (await failing.json()) as { status: string; regions: Record<string, string> };
      expect(body.status).toBe("not ready");
      expect(body.regions["us-east-1"]).toBe("UPSTREAM_UNAVAILABLE");
      expect(JSON.stringify(body)).not.toMatch(/Internal server error|sandbox|127\.0\.0\.1/);
      expect(gateway.logText()).toContain("readiness: GuardDuty check failed");
      await faults([]);
      expect((await gateway.get("/readyz")).status).toBe(200);
    } finally {
      gateway.close();
    }
  });

  it("answers probes whatever the Host and however busy the gateway is", async () => {
    const gateway = observedGateway(kit, kit.administrator, {
      regions,
      gateway: { allowedHosts: ["gateway.example"], maxConcurrentRequests: 1 },
    });
    try {
      // A kubelet probes by pod address, which no ALLOWED_HOSTS list names.
      expect((await gateway.yoga.fetch("http://10.1.2.3:4000/healthz")).status).toBe(200);
      expect((await gateway.yoga.fetch("http://10.1.2.3:4000/readyz")).status).toBe(200);
      expect(
        (await gateway.yoga.fetch("http://10.1.2.3:4000/graphql?query={__typename}")).status,
      ).toBe(403);
      // Hold the one slot with a slow query; probes still answer.
      await faults([{ operation: "ListDetectors", probability: 1, latencyMs: 800 }]);
      const slow = gateway.yoga.fetch("http://gateway.example/graphql", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ detectors { id } }" }),
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const busy = await gateway.yoga.fetch("http://gateway.example/graphql?query={__typename}");
      expect(busy.status).toBe(503);
      expect((await gateway.yoga.fetch("http://10.1.2.3:4000/healthz")).status).toBe(200);
      expect((await slow).status).toBe(200);
    } finally {
      gateway.close();
    }
  });

  it("is not ready once the shutdown drain begins; new connections are then refused", async () => {
    let http: Awaited<ReturnType<typeof startHttpServer>> | undefined;
    const gateway = observedGateway(kit, kit.administrator, {
      regions,
      gateway: { readinessCacheMs: 0, isDraining: () => http?.draining() ?? false },
    });
    http = await startHttpServer((request, response) => gateway.yoga(request, response), {
      host: "127.0.0.1",
      port: 0,
    });
    try {
      expect((await rawRequest(`${http.url}/readyz`)).status).toBe(200);
      await faults([{ operation: "ListFindings", probability: 1, latencyMs: 1_500 }]);
      const detectorId = kit.administrator.detectorIds["us-east-1"] as string;
      const inFlight = rawRequest(`${http.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          query: `{ detector(detectorId: "${detectorId}", region: "us-east-1") { findings(first: 1) { edges { cursor } } } }`,
        }),
      });
      while (http.inFlight() === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      const stopped = http.shutdown(10_000);
      expect(http.draining()).toBe(true);
      const probe = await gateway.get("/readyz");
      expect(probe.status).toBe(503);
      expect(await probe.json()).toEqual({ status: "draining" });
      await expect(rawRequest(`${http.url}/readyz`)).rejects.toThrow(/ECONNREFUSED/);
      expect((await inFlight).status).toBe(200);
      expect((await stopped).drained).toBe(true);
    } finally {
      await http.shutdown(0);
      gateway.close();
    }
  });
});
