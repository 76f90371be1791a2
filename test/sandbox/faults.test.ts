/**
 * The `/_sandbox` control plane: injected faults (errors, throttling, latency) as the real SDK
 * sees them, the call log, reseeding and reset.
 */
import {
  ArchiveFindingsCommand,
  GetDetectorCommand,
  GetFindingsCommand,
  GetMembersCommand,
  ListDetectorsCommand,
  ListFindingsCommand,
  paginateListFindings,
} from "@aws-sdk/client-guardduty";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { PublicIdentity } from "../../src/sandbox/sandbox.js";
import { refreshIdentities, type SandboxKit, startSandbox } from "../kit/sandbox.js";
import { rejection } from "../kit/sdk.js";

const US = "us-east-1";
const EU = "eu-west-1";

let kit: SandboxKit;

beforeAll(async () => {
  kit = await startSandbox();
});

afterAll(async () => {
  await kit?.close();
});

async function setFaults(rules: unknown): Promise<{ status: number; body: unknown }> {
  return kit.control("PUT", "/_sandbox/faults", rules);
}

async function clearFaults(): Promise<void> {
  const cleared = await setFaults([]);
  expect(cleared.status).toBe(200);
}

function detectorIdOf(identity: PublicIdentity, region = US): string {
  return identity.detectorIds[region] as string;
}

describe("injected faults", () => {
  afterEach(clearFaults);

  it("a 429 rule makes ListDetectors fail with TooManyRequestsException; [] clears it", async () => {
    const set = await setFaults([
      { operation: "ListDetectors", probability: 1, status: 429, code: "TooManyRequestsException" },
    ]);
    expect(set.status).toBe(200);
    expect(set.body).toEqual([
      { operation: "ListDetectors", probability: 1, status: 429, code: "TooManyRequestsException" },
    ]);
    const client = kit.client(kit.administrator, US, 1);
    const error = await rejection(client.send(new ListDetectorsCommand({})));
    expect(error.name).toBe("TooManyRequestsException");
    expect(error.$metadata.httpStatusCode).toBe(429);
    expect(error.message).toBe("Rate exceeded");
    // Other operations are not affected by a rule for ListDetectors.
    const detector = await client.send(
      new GetDetectorCommand({ DetectorId: detectorIdOf(kit.administrator) }),
    );
    expect(detector.Status).toBe("ENABLED");

    await clearFaults();
    expect((await kit.control("GET", "/_sandbox/faults")).body).toEqual([]);
    const out = await client.send(new ListDetectorsCommand({}));
    expect(out.DetectorIds).toEqual([detectorIdOf(kit.administrator)]);
  });

  it("the SDK retries throttled calls until one gets through", async () => {
    await setFaults([
      {
        operation: "ListDetectors",
        probability: 0.5,
        status: 429,
        code: "TooManyRequestsException",
      },
    ]);
    const client = kit.client(kit.administrator, US, 10);
    let retried = 0;
    for (let request = 0; request < 10 && retried === 0; request++) {
      await kit.clearCalls();
      const out = await client.send(new ListDetectorsCommand({}));
      expect(out.DetectorIds).toEqual([detectorIdOf(kit.administrator)]);
      const calls = (await kit.calls()).filter((call) => call.operation === "ListDetectors");
      // One logged call per attempt: the sandbox saw every retry the SDK made.
      expect(calls).toHaveLength(out.$metadata.attempts ?? 0);
      if (calls.length > 1) retried += 1;
    }
    expect(retried).toBe(1);
  }, 60_000);

  it("a 500 rule surfaces as InternalServerErrorException with $fault server", async () => {
    await setFaults([
      {
        operation: "GetFindings",
        probability: 1,
        status: 500,
        code: "InternalServerErrorException",
      },
    ]);
    const client = kit.client(kit.administrator, US, 1);
    const error = await rejection(
      client.send(
        new GetFindingsCommand({ DetectorId: detectorIdOf(kit.administrator), FindingIds: [] }),
      ),
    );
    expect(error.name).toBe("InternalServerErrorException");
    expect(error.$fault).toBe("server");
    expect(error.$metadata.httpStatusCode).toBe(500);
  });

  it("a rule without operation applies to every operation, with its own message", async () => {
    await setFaults([
      { probability: 1, status: 503, code: "ServiceUnavailableException", message: "down for tea" },
    ]);
    const client = kit.client(kit.standalone, US, 1);
    const listed = await rejection(client.send(new ListDetectorsCommand({})));
    expect(listed.name).toBe("ServiceUnavailableException");
    expect(listed.$metadata.httpStatusCode).toBe(503);
    expect(listed.message).toBe("down for tea");
    const findings = await rejection(
      client.send(new ListFindingsCommand({ DetectorId: detectorIdOf(kit.standalone) })),
    );
    expect(findings.name).toBe("ServiceUnavailableException");
  });

  it("latencyMs 200 delays the answer", async () => {
    await setFaults([{ operation: "ListDetectors", probability: 1, latencyMs: 200 }]);
    const client = kit.client(kit.administrator, US, 1);
    const started = performance.now();
    const out = await client.send(new ListDetectorsCommand({}));
    const elapsed = performance.now() - started;
    expect(out.DetectorIds).toHaveLength(1);
    expect(elapsed).toBeGreaterThanOrEqual(150);
  });

  it("rejects invalid rules with 400 and a message, keeping the previous rules", async () => {
    const valid = [{ operation: "GetDetector", probability: 0.25, latencyMs: 10 }];
    expect((await setFaults(valid)).status).toBe(200);
    const invalid: [unknown, string][] = [
      [{ probability: 1 }, "array"],
      [[{ probability: 2, latencyMs: 5 }], "probability"],
      [[{ latencyMs: 5 }], "probability"],
      [[{ operation: "DescribeEverything", probability: 1, latencyMs: 5 }], "DescribeEverything"],
      [[{ probability: 1, status: 200, code: "Fine" }], "status"],
      [[{ probability: 1, status: 429 }], "code"],
      [[{ probability: 1 }], "latencyMs"],
      [[{ probability: 1, latencyMs: -1 }], "latencyMs"],
      [[{ probability: 1, latencyMs: 5, message: 42 }], "message"],
      [[{ probability: 1, latencyMs: 5 }, "rule"], "rule 1"],
      ["[{not json", "Invalid fault rules"],
    ];
    for (const [body, part] of invalid) {
      const answer = await setFaults(body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      const message = (answer.body as { message: string }).message;
      expect(message).toContain("Invalid fault rules");
      expect(message).toContain(part);
    }
    expect((await kit.control("GET", "/_sandbox/faults")).body).toEqual(valid);
  });

  it("replays the same sequence of outcomes after a reset (seeded draws)", async () => {
    await setFaults([
      {
        operation: "ListDetectors",
        probability: 0.5,
        status: 429,
        code: "TooManyRequestsException",
      },
    ]);
    const client = kit.client(kit.administrator, US, 1);
    async function outcomes(): Promise<string[]> {
      const seen: string[] = [];
      for (let i = 0; i < 24; i++) {
        try {
          await client.send(new ListDetectorsCommand({}));
          seen.push("ok");
        } catch (error) {
          seen.push((error as Error).name);
        }
      }
      return seen;
    }
    expect((await kit.control("POST", "/_sandbox/reset")).status).toBe(200);
    const first = await outcomes();
    expect((await kit.control("POST", "/_sandbox/reset")).status).toBe(200);
    const second = await outcomes();
    expect(second).toEqual(first);
    expect(first).toContain("ok");
    expect(first).toContain("TooManyRequestsException");
    expect(new Set(first)).toEqual(new Set(["ok", "TooManyRequestsException"]));
  });
});

describe("call log", () => {
  it("lists {operation, accountId, region, itemCount} oldest first; DELETE clears it", async () => {
    await kit.clearCalls();
    expect(await kit.calls()).toEqual([]);
    const admin = kit.client(kit.administrator, US);
    const adminEu = kit.client(kit.administrator, EU);
    const standalone = kit.client(kit.standalone, US);
    const detector = kit.sandbox.world.detectors.get(detectorIdOf(kit.administrator));
    const findingIds = [...(detector?.findings.keys() ?? [])].slice(0, 3);
    const members = kit.members.slice(0, 2).map((m) => m.accountId);

    await admin.send(new ListDetectorsCommand({}));
    await admin.send(
      new GetFindingsCommand({
        DetectorId: detectorIdOf(kit.administrator),
        FindingIds: findingIds,
      }),
    );
    await adminEu.send(
      new GetMembersCommand({
        DetectorId: detectorIdOf(kit.administrator, EU),
        AccountIds: members,
      }),
    );
    await standalone.send(new ListFindingsCommand({ DetectorId: detectorIdOf(kit.standalone) }));
    // A rejected request is logged too, with the ids it sent.
    await rejection(
      admin.send(
        new GetFindingsCommand({
          DetectorId: detectorIdOf(kit.administrator),
          FindingIds: Array.from({ length: 51 }, (_, i) => `id${i}`),
        }),
      ),
    );

    const admin_ = kit.administrator.accountId;
    expect(await kit.calls()).toEqual([
      { operation: "ListDetectors", accountId: admin_, region: US, itemCount: 0 },
      { operation: "GetFindings", accountId: admin_, region: US, itemCount: 3 },
      { operation: "GetMembers", accountId: admin_, region: EU, itemCount: 2 },
      {
        operation: "ListFindings",
        accountId: kit.standalone.accountId,
        region: US,
        itemCount: 0,
      },
      { operation: "GetFindings", accountId: admin_, region: US, itemCount: 51 },
    ]);

    const cleared = await kit.control("DELETE", "/_sandbox/calls");
    expect(cleared.status).toBe(200);
    expect(await kit.calls()).toEqual([]);
  });
});

describe("reseeding and reset", () => {
  let originalAccounts: string[] = [];
  beforeAll(() => {
    originalAccounts = kit.identities.map((i) => i.accountId);
  });
  afterAll(async () => {
    // Leave the default world behind for anything after this block.
    await kit.control("POST", "/_sandbox/seed", { seed: 1, findingsPerDetector: 500, members: 32 });
    await refreshIdentities(kit);
  });

  async function countFindings(identity: PublicIdentity, region: string): Promise<number> {
    let total = 0;
    for await (const page of paginateListFindings(
      { client: kit.client(identity, region), pageSize: 50 },
      { DetectorId: detectorIdOf(identity, region) },
    )) {
      total += page.FindingIds?.length ?? 0;
    }
    return total;
  }

  it("POST /_sandbox/reset restores state after a change", async () => {
    const admin = kit.client(kit.administrator, US);
    const detectorId = detectorIdOf(kit.administrator);
    const [target] = [...(kit.sandbox.world.detectors.get(detectorId)?.findings.values() ?? [])]
      .filter((f) => !f.service.archived)
      .map((f) => f.id);
    if (!target) throw new Error("no active finding");
    await admin.send(new ArchiveFindingsCommand({ DetectorId: detectorId, FindingIds: [target] }));
    const archived = await admin.send(
      new GetFindingsCommand({ DetectorId: detectorId, FindingIds: [target] }),
    );
    expect(archived.Findings?.[0]?.Service?.Archived).toBe(true);

    const reset = await kit.control("POST", "/_sandbox/reset");
    expect(reset.status).toBe(200);
    expect(reset.body).toEqual({ seed: 1, findingsPerDetector: 500, members: 32 });
    const restored = await admin.send(
      new GetFindingsCommand({ DetectorId: detectorId, FindingIds: [target] }),
    );
    expect(restored.Findings?.[0]?.Service?.Archived).toBe(false);
  });

  it("POST /_sandbox/seed builds a different world", async () => {
    const before = kit.identities;
    const oldAdmin = kit.administrator;
    const seeded = await kit.control("POST", "/_sandbox/seed", {
      seed: 7,
      findingsPerDetector: 60,
      members: 10,
    });
    expect(seeded.status).toBe(200);
    expect(seeded.body).toEqual({ seed: 7, findingsPerDetector: 60, members: 10 });
    await refreshIdentities(kit);

    expect(kit.members).toHaveLength(10);
    expect(kit.identities).toHaveLength(12);
    expect(kit.administrator.accountId).not.toBe(oldAdmin.accountId);
    const oldKeys = new Set(before.map((i) => i.accessKeyId));
    expect(kit.identities.some((i) => oldKeys.has(i.accessKeyId))).toBe(false);

    // The old administrator's keys no longer exist.
    const stale = await rejection(kit.client(oldAdmin, US).send(new ListDetectorsCommand({})));
    expect(stale.name).toBe("UnrecognizedClientException");
    expect(stale.$metadata.httpStatusCode).toBe(403);

    for (const region of [US, EU]) {
      const listed = await kit.client(kit.administrator, region).send(new ListDetectorsCommand({}));
      expect(listed.DetectorIds).toEqual([detectorIdOf(kit.administrator, region)]);
      expect(await countFindings(kit.administrator, region)).toBe(60);
    }
  });

  it("rejects invalid seed bodies with 400 listing every problem", async () => {
    const answer = await kit.control<{ message: string }>("POST", "/_sandbox/seed", {
      seed: -1,
      findingsPerDetector: "many",
      members: 2,
      colour: "red",
    });
    expect(answer.status).toBe(400);
    for (const part of ["seed", "findingsPerDetector", "members", "colour"]) {
      expect(answer.body.message).toContain(part);
    }
    for (const body of ["not json", "[1,2]", "null"]) {
      const bad = await kit.control<{ message: string }>("POST", "/_sandbox/seed", body);
      expect(bad.status, body).toBe(400);
      expect(bad.body.message).toContain("JSON");
    }
    const fraction = await kit.control<{ message: string }>("POST", "/_sandbox/seed", {
      seed: 1.5,
    });
    expect(fraction.status).toBe(400);
    expect(fraction.body.message).toContain("seed");
    // Nothing changed: still the seed-7 world.
    expect(kit.sandbox.world.options).toEqual({ seed: 7, findingsPerDetector: 60, members: 10 });
  });

  it("reset after a reseed rebuilds the reseeded world", async () => {
    const identities = kit.identities.map((i) => i.accountId);
    const reset = await kit.control("POST", "/_sandbox/reset");
    expect(reset.body).toEqual({ seed: 7, findingsPerDetector: 60, members: 10 });
    await refreshIdentities(kit);
    expect(kit.identities.map((i) => i.accountId)).toEqual(identities);
    expect(await countFindings(kit.administrator, US)).toBe(60);
  });

  it("the same seed gives the same world again", async () => {
    const seeded = await kit.control("POST", "/_sandbox/seed", {
      seed: 1,
      findingsPerDetector: 500,
      members: 32,
    });
    expect(seeded.status).toBe(200);
    await refreshIdentities(kit);
    expect(kit.members).toHaveLength(32);
    expect(kit.identities.map((i) => i.accountId)).toEqual(originalAccounts);
    expect(await countFindings(kit.administrator, US)).toBe(500);
  });
});
