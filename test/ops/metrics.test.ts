import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { OTHER_OPERATION, operationNameLabels } from "../../src/ops/metrics.js";
import { type ObservedGateway, observedGateway, sample } from "../kit/observed.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";

let kit: SandboxKit;
let gateway: ObservedGateway;
let detectorId: string;
const region = "us-east-1";
const faults = (rules: unknown[]) => kit.control("PUT", "/_sandbox/faults", rules);

const FINDINGS = `query Recent($id: String!) {
  detector(detectorId: $id, region: "us-east-1") {
    findings(first: 7) { edges { node { findingId severity } } }
  }
}`;

beforeAll(async () => {
  kit = await startSandbox({ findingsPerDetector: 40, members: 8 });
  gateway = observedGateway(kit, kit.administrator, { regions: [region] });
  detectorId = kit.administrator.detectorIds[region] as string;
});
afterAll(async () => {
  gateway.close();
  await kit.close();
});
beforeEach(() => faults([]));

async function scrape(target = gateway): Promise<string> {
  const response = await target.get("/metrics");
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

describe("/metrics", () => {
  it("a findings query moves the operation and upstream counters by one each", async () => {
    const before = await scrape();
    const response = await gateway.post({ query: FINDINGS, variables: { id: detectorId } });
    expect(response.status).toBe(200);
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string>) =>
      sample(after, name, labels) - sample(before, name, labels);

    expect(
      delta("graphql_operations_total", { operationName: "Recent", operationType: "query" }),
    ).toBe(1);
    expect(delta("graphql_operation_duration_seconds_count", { operationName: "Recent" })).toBe(1);
    for (const operation of ["ListFindings", "GetFindings"]) {
      expect(
        delta("guardduty_upstream_calls_total", { operation, region, outcome: "ok" }),
        operation,
      ).toBe(1);
      expect(delta("guardduty_upstream_call_duration_seconds_count", { operation, region })).toBe(
        1,
      );
    }
    // One GetFindings call for the page of 7 ids.
    expect(delta("guardduty_upstream_batch_size_count", { operation: "GetFindings" })).toBe(1);
    expect(delta("guardduty_upstream_batch_size_sum", { operation: "GetFindings" })).toBe(7);
    expect(delta("graphql_errors_total", {})).toBe(0);
  });

  it("counts a throttled call as a throttle, an error by AWS code and a GraphQL error by our code", async () => {
    await faults([
      { operation: "ListFindings", probability: 1, status: 429, code: "TooManyRequestsException" },
    ]);
    const before = await scrape();
    const body = (await (
      await gateway.post({ query: FINDINGS, variables: { id: detectorId } })
    ).json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe("UPSTREAM_THROTTLED");
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string>) =>
      sample(after, name, labels) - sample(before, name, labels);
    const site = { operation: "ListFindings", region };
    expect(delta("guardduty_upstream_throttles_total", site)).toBe(1);
    expect(
      delta("guardduty_upstream_errors_total", { ...site, code: "TooManyRequestsException" }),
    ).toBe(1);
    expect(delta("guardduty_upstream_calls_total", { ...site, outcome: "error" })).toBe(1);
    expect(
      delta("graphql_errors_total", { operationName: "Recent", code: "UPSTREAM_THROTTLED" }),
    ).toBe(1);
  });

  it("counts the SDK's retries from $metadata.attempts", async () => {
    const retrying = observedGateway(kit, kit.administrator, { regions: [region], maxAttempts: 3 });
    try {
      await faults([
        {
          operation: "ListFindings",
          probability: 1,
          status: 500,
          code: "InternalServerErrorException",
        },
      ]);
      await retrying.post({ query: FINDINGS, variables: { id: detectorId } });
      const text = await scrape(retrying);
      expect(sample(text, "guardduty_upstream_retries_total", { operation: "ListFindings" })).toBe(
        2,
      );
      expect(
        sample(text, "guardduty_upstream_errors_total", {
          operation: "ListFindings",
          code: "InternalServerErrorException",
        }),
      ).toBe(1);
      expect(sample(text, "guardduty_upstream_throttles_total", {})).toBe(0);
    } finally {
      retrying.close();
    }
  });

  it("keeps one registry per gateway: another gateway's traffic does not show", async () => {
    const other = observedGateway(kit, kit.administrator, { regions: [region] });
    try {
      const mine = sample(await scrape(), "graphql_operations_total", { operationName: "Recent" });
      await other.post({ query: FINDINGS, variables: { id: detectorId } });
      await other.post({ query: FINDINGS, variables: { id: detectorId } });
      const recent = { operationName: "Recent" };
      expect(sample(await scrape(other), "graphql_operations_total", recent)).toBe(2);
      expect(sample(await scrape(), "graphql_operations_total", recent)).toBe(mine);
      expect(other.yoga.metricsRegistry).not.toBe(gateway.yoga.metricsRegistry);
    } finally {
      other.close();
    }
  });

  it("is not served unless asked for (createGateway's default), and sits behind the Host check", async () => {
    const plain = observedGateway(kit, kit.administrator, {
      regions: [region],
      gateway: { metrics: false },
    });
    const guarded = observedGateway(kit, kit.administrator, {
      regions: [region],
      gateway: { allowedHosts: ["gateway.test"] },
    });
    try {
      expect((await plain.get("/metrics")).status).toBe(404);
      expect((await guarded.get("/metrics")).status).toBe(200);
      const foreign = await guarded.yoga.fetch("http://rebound.example/metrics");
      expect(foreign.status).toBe(403);
      expect(await foreign.text()).not.toContain("graphql_operations_total");
    } finally {
      plain.close();
      guarded.close();
    }
  });

  it("bounds the operation-name label: new names past the limit read 'other'", () => {
    const label = operationNameLabels(2);
    expect(label("A")).toBe("A");
    expect(label("B")).toBe("B");
    expect(label("C")).toBe(OTHER_OPERATION);
    expect(label("A")).toBe("A");
    expect(label("x".repeat(500))).toBe(OTHER_OPERATION);
    expect(label(undefined)).toBe("anonymous");
  });
});
