import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTracing, type Tracing } from "../../src/ops/tracing.js";
import { type ObservedGateway, observedGateway } from "../kit/observed.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";

let kit: SandboxKit;
let exporter: InMemorySpanExporter;
let tracing: Tracing;
let traced: ObservedGateway;
const region = "us-east-1";

beforeAll(async () => {
  kit = await startSandbox({ findingsPerDetector: 20, members: 8 });
  exporter = new InMemorySpanExporter();
  tracing = createTracing([new SimpleSpanProcessor(exporter)], "test-gateway");
  traced = observedGateway(kit, kit.administrator, {
    regions: [region],
    gateway: { tracer: tracing.tracer },
  });
});
afterAll(async () => {
  traced.close();
  await tracing.shutdown();
  await kit.close();
});

/** Each span as "name" under its parent's, e.g. "query Recent > Detector.findings > GuardDuty.ListFindings". */
function paths(spans: readonly ReadableSpan[]): string[] {
  const byId = new Map(spans.map((span) => [span.spanContext().spanId, span]));
  return spans.map((span) => {
    const names = [span.name];
    let parent = span.parentSpanContext?.spanId;
    while (parent && byId.has(parent)) {
      const next = byId.get(parent) as ReadableSpan;
      names.unshift(next.name);
      parent = next.parentSpanContext?.spanId;
    }
    return names.join(" > ");
  });
}

describe("tracing", () => {
  it("a findings query gives operation > findings resolver > ListFindings, and the GetFindings batch", async () => {
    exporter.reset();
    const detectorId = kit.administrator.detectorIds[region] as string;
    const response = await traced.post({
      query: `query Recent($id: String!) {
        detector(detectorId: $id, region: "us-east-1") {
          findings(first: 4) { edges { node { findingId severity title } } }
        }
      }`,
      variables: { id: detectorId },
    });
    expect(response.status).toBe(200);
    const spans = exporter.getFinishedSpans();
    const tree = paths(spans);
    expect(tree).toContain("query Recent");
    // The detector's own fields are not asked for: no GetDetector.
    expect(tree.some((path) => path.includes("GetDetector"))).toBe(false);
    expect(tree).toContain("query Recent > Detector.findings > GuardDuty.ListFindings");
    // The page's nodes are loaded when its edges resolve, by one DataLoader batch that serves
    // every edge: the batch's call hangs under the operation, not under one of the fields.
    expect(tree).toContain("query Recent > GuardDuty.GetFindings");
    // Scalar fields get no spans of their own: one per upstream-bound field and call only.
    expect(tree.filter((path) => path.endsWith("findingId") || path.endsWith("severity"))).toEqual(
      [],
    );
    expect(spans).toHaveLength(5);
    const roots = spans.filter((span) => !span.parentSpanContext);
    expect(roots.map((span) => span.name)).toEqual(["query Recent"]);
    expect(new Set(spans.map((span) => span.spanContext().traceId)).size).toBe(1);
    const getFindings = spans.find((span) => span.name === "GuardDuty.GetFindings");
    expect(getFindings?.attributes).toMatchObject({
      "rpc.system": "aws-api",
      "rpc.service": "GuardDuty",
      "rpc.method": "GetFindings",
      "cloud.region": region,
      "aws.guardduty.batch_size": 4,
      "aws.attempts": 1,
      "aws.request_id": expect.any(String),
    });
    expect(getFindings?.resource.attributes["service.name"]).toBe("test-gateway");
  });

  it("marks a failed GuardDuty call and its operation as errors", async () => {
    await kit.control("PUT", "/_sandbox/faults", [
      {
        operation: "ListDetectors",
        probability: 1,
        status: 500,
        code: "InternalServerErrorException",
      },
    ]);
    try {
      exporter.reset();
      await traced.post({ query: "query Ds { detectors { id } }" });
      const spans = exporter.getFinishedSpans();
      const call = spans.find((span) => span.name === "GuardDuty.ListDetectors");
      expect(call?.status.code).toBe(2); // SpanStatusCode.ERROR
      expect(call?.attributes["error.type"]).toBe("InternalServerErrorException");
      expect(spans.find((span) => span.name === "query Ds")?.status.code).toBe(2);
    } finally {
      await kit.control("PUT", "/_sandbox/faults", []);
    }
  });

  it("makes no spans for a gateway without a tracer sharing the schema", async () => {
    const plain = observedGateway(kit, kit.administrator, { regions: [region] });
    try {
      exporter.reset();
      expect((await plain.post({ query: "{ detectors { id } }" })).status).toBe(200);
      expect(exporter.getFinishedSpans()).toEqual([]);
    } finally {
      plain.close();
    }
  });
});
