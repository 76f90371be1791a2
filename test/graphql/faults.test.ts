import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type GatewayKit, gatewayFor } from "../kit/gateway.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";

let kit: SandboxKit;
let gateway: GatewayKit;

beforeAll(async () => {
  kit = await startSandbox({ findingsPerDetector: 60 });
  gateway = gatewayFor(kit, kit.administrator);
});
afterAll(async () => {
  gateway.close();
  await kit.close();
});
beforeEach(async () => {
  await kit.control("PUT", "/_sandbox/faults", []);
  await kit.clearCalls();
});

const faults = (rules: unknown[]) => kit.control("PUT", "/_sandbox/faults", rules);

describe("upstream faults give partial answers with precise errors", () => {
  it("a failing ListFindings nulls each detector's findings with the code, and keeps the detectors", async () => {
    await faults([
      {
        operation: "ListFindings",
        probability: 1,
        status: 500,
        code: "InternalServerErrorException",
      },
    ]);
    const result = await gateway.execute<{
      detectors: { region: string; status: string; findings: unknown }[];
    }>("{ detectors { region status findings(first: 3) { edges { cursor } } } }");
    expect(result.data?.detectors.map((d) => [d.region, d.status, d.findings])).toEqual([
      ["us-east-1", "ENABLED", null],
      ["eu-west-1", "ENABLED", null],
    ]);
    expect(
      result.errors?.map((e) => [e.path?.join("."), e.extensions?.code, e.extensions?.operation]),
    ).toEqual(
      expect.arrayContaining([
        ["detectors.0.findings", "UPSTREAM_UNAVAILABLE", "ListFindings"],
        ["detectors.1.findings", "UPSTREAM_UNAVAILABLE", "ListFindings"],
      ]),
    );
    expect(result.errors?.[0]?.extensions?.awsRequestId).toEqual(expect.any(String));
  });

  it("a region whose ListDetectors is throttled is a null item; the other region answers", async () => {
    // Half the ListDetectors calls fail; the seeded draw makes which one deterministic.
    await faults([
      {
        operation: "ListDetectors",
        probability: 0.5,
        status: 429,
        code: "TooManyRequestsException",
      },
    ]);
    let sawPartial = false;
    for (let attempt = 0; attempt < 20 && !sawPartial; attempt += 1) {
      const result = await gateway.execute<{ detectors: ({ region: string } | null)[] }>(
        "{ detectors { region } }",
      );
      const items = result.data?.detectors ?? [];
      const nulls = items.filter((item) => item === null).length;
      if (nulls === 1 && items.length === 2) {
        sawPartial = true;
        expect(result.errors).toHaveLength(1);
        expect(result.errors?.[0]?.extensions?.code).toBe("UPSTREAM_THROTTLED");
        expect(result.errors?.[0]?.path?.[0]).toBe("detectors");
      }
    }
    expect(sawPartial).toBe(true);
  });

  it("a failing GetFindings chunk nulls the connection of that detector only, with its code", async () => {
    await faults([
      { operation: "GetFindings", probability: 1, status: 503, code: "ServiceUnavailable" },
    ]);
    const result = await gateway.execute<{
      detectors: { region: string; findings: unknown; members: unknown }[];
    }>(
      "{ detectors { region findings(first: 5) { edges { node { findingId } } } members(first: 5) { edges { node { accountId } } } } }",
    );
    for (const detector of result.data?.detectors ?? []) {
      expect(detector.findings).toBeNull();
      expect(detector.members).not.toBeNull();
    }
    expect(new Set(result.errors?.map((e) => e.extensions?.code))).toEqual(
      new Set(["UPSTREAM_UNAVAILABLE"]),
    );
  });

  it("retries a throttled call with the SDK's strategy and then succeeds", async () => {
    const patient = gatewayFor(kit, kit.administrator, { regions: ["us-east-1"], maxAttempts: 6 });
    // A reset restarts the seeded fault draws, so this test sees the same sequence every run.
    await kit.control("POST", "/_sandbox/reset");
    await faults([
      {
        operation: "ListDetectors",
        probability: 0.5,
        status: 429,
        code: "TooManyRequestsException",
      },
    ]);
    for (let i = 0; i < 3; i += 1) {
      const result = await patient.execute<{ detectors: { region: string }[] }>(
        "{ detectors { region } }",
      );
      expect(result.errors).toBeUndefined();
      expect(result.data?.detectors).toEqual([{ region: "us-east-1" }]);
    }
    const listCalls = (await kit.calls()).filter((c) => c.operation === "ListDetectors").length;
    expect(listCalls).toBeGreaterThan(3);
    patient.close();
  });

  it("masks unexpected errors and keeps serving", async () => {
    await faults([
      {
        operation: "GetDetector",
        probability: 1,
        status: 418,
        code: "Teapot",
        message: "secret internals",
      },
    ]);
    const result = await gateway.execute("{ detectors { region status } }");
    const messages = JSON.stringify(result.errors);
    expect(messages).not.toContain("secret internals");
    expect(result.errors?.[0]?.extensions?.code).toBe("INTERNAL_SERVER_ERROR");
    expect(gateway.logged.length).toBeGreaterThan(0);
    await faults([]);
    const ok = await gateway.execute("{ detectors { region status } }");
    expect(ok.errors).toBeUndefined();
  });
});
