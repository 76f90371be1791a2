import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { requestIdFrom } from "../../src/ops/requests.js";
import { type ObservedGateway, observedGateway } from "../kit/observed.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";

let kit: SandboxKit;
let gateway: ObservedGateway;
let detectorId: string;
const region = "us-east-1";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const faults = (rules: unknown[]) => kit.control("PUT", "/_sandbox/faults", rules);

const FINDINGS = `query Recent($id: String!) {
  detector(detectorId: $id, region: "us-east-1") {
    findings(first: 3) { edges { node { findingId } } }
  }
}`;
const MEMBERS = `query Members($id: String!) {
  detector(detectorId: $id, region: "us-east-1") {
    members(first: 10, onlyAssociated: false) { edges { node { accountId email freeTrial { features { name } } } } }
  }
}`;

beforeAll(async () => {
  kit = await startSandbox({ findingsPerDetector: 20, members: 8 });
  detectorId = kit.administrator.detectorIds[region] as string;
});
afterAll(() => kit.close());
beforeEach(async () => {
  await faults([]);
  await kit.clearCalls();
  gateway?.close();
  gateway = observedGateway(kit, kit.administrator, { regions: [region] });
});

function accessLines() {
  return gateway.logLines().filter((line) => line.msg === "request");
}

describe("access log and request ids", () => {
  it("writes one JSON line per request: id, method, path, status, operation, duration, upstream calls", async () => {
    const response = await gateway.post({ query: FINDINGS, variables: { id: detectorId } });
    expect(response.status).toBe(200);
    const requestId = response.headers.get("x-request-id") ?? "";
    expect(requestId).toMatch(UUID);
    const lines = accessLines();
    expect(lines).toHaveLength(1);
    const line = lines[0] as Record<string, unknown>;
    expect(line).toMatchObject({
      level: "info",
      service: "guardduty-graphql",
      requestId,
      method: "POST",
      path: "/graphql",
      status: 200,
      operation: "Recent",
      upstreamCalls: (await kit.calls()).length,
    });
    expect(line.upstreamCalls).toBe(2);
    expect(typeof line.durationMs).toBe("number");
    expect(new Date(line.time as string).toISOString()).toBe(line.time);
  });

  it("keeps a sane incoming x-request-id and replaces one that is not", async () => {
    const kept = await gateway.post(
      { query: "{ __typename }" },
      { "x-request-id": "lb-7f3a.91:x" },
    );
    expect(kept.headers.get("x-request-id")).toBe("lb-7f3a.91:x");
    const replaced = await gateway.post(
      { query: "{ __typename }" },
      { "x-request-id": "a".repeat(300) },
    );
    expect(replaced.headers.get("x-request-id")).toMatch(UUID);
    expect(requestIdFrom('x"}\n{"level":"fatal')).toMatch(UUID);
    expect(accessLines().map((line) => line.requestId)).toEqual([
      "lb-7f3a.91:x",
      replaced.headers.get("x-request-id"),
    ]);
  });

  it("gives every error the request id, and logs a GuardDuty failure once with AWS's request id", async () => {
    await faults([
      {
        operation: "ListFindings",
        probability: 1,
        status: 500,
        code: "InternalServerErrorException",
      },
    ]);
    const response = await gateway.post({ query: FINDINGS, variables: { id: detectorId } });
    const requestId = response.headers.get("x-request-id");
    const body = (await response.json()) as { errors: { extensions: Record<string, unknown> }[] };
    expect(body.errors.length).toBeGreaterThan(0);
    for (const error of body.errors) expect(error.extensions.requestId).toBe(requestId);
    const errors = gateway.logLines().filter((line) => line.level === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      requestId,
      operation: "ListFindings",
      region,
      awsRequestId: expect.any(String),
      error: { type: "InternalServerErrorException" },
    });
    expect(errors[0]?.msg).toMatch(/^GuardDuty ListFindings failed \(AWS request [\w-]+\):$/);
  });

  it("logs an unexpected (masked) error once, with the request id, Yoga's own report included", async () => {
    await faults([
      { operation: "ListFindings", probability: 1, status: 400, code: "SomethingNewException" },
    ]);
    const response = await gateway.post({ query: FINDINGS, variables: { id: detectorId } });
    const body = (await response.json()) as {
      errors: { message: string; extensions: Record<string, unknown> }[];
    };
    expect(body.errors[0]?.extensions.code).toBe("INTERNAL_SERVER_ERROR");
    const errors = gateway.logLines().filter((line) => line.level === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      requestId: response.headers.get("x-request-id"),
      error: { type: "SomethingNewException" },
    });
  });

  it("never writes tokens, API keys, cookies or member e-mail addresses to the log or client errors", async () => {
    const secrets = {
      token: "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXN1YmplY3Q.sig-9f8e7d",
      apiKey: "gdg_live_5b1c9e0f2a",
      cookie: "session=cookie-secret-4471",
    };
    const headers = {
      authorization: `Bearer ${secrets.token}`,
      "x-api-key": secrets.apiKey,
      cookie: secrets.cookie,
    };
    // Members carry e-mail addresses; GuardDuty's own error text may quote one, and a token.
    const members = await gateway.post({ query: MEMBERS, variables: { id: detectorId } }, headers);
    const emails = JSON.stringify(await members.json()).match(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g) ?? [];
    expect(emails.length).toBeGreaterThan(0);
    await faults([
      {
        operation: "GetRemainingFreeTrialDays",
        probability: 1,
        status: 400,
        code: "BadRequestException",
        message: `Account of ${emails[0]} rejected for Bearer ${secrets.token}`,
      },
      {
        operation: "ListFindings",
        probability: 1,
        status: 400,
        code: "SomethingNewException",
        message: `contact ${emails[1] ?? emails[0]}`,
      },
    ]);
    const failing = await gateway.post({ query: MEMBERS, variables: { id: detectorId } }, headers);
    const failingErrors = JSON.stringify(((await failing.json()) as { errors?: unknown }).errors);
    const masked = await gateway.post({ query: FINDINGS, variables: { id: detectorId } }, headers);
    const maskedErrors = JSON.stringify(((await masked.json()) as { errors?: unknown }).errors);
    const query = encodeURIComponent(`{ detector(detectorId: "${secrets.apiKey}") { id } }`);
    await gateway.get(`/graphql?query=${query}`, headers);

    const log = gateway.logText();
    expect(log).toContain("BadRequestException");
    expect(log).toContain("[email]");
    expect(failingErrors).toContain("BAD_USER_INPUT");
    for (const text of [log, failingErrors, maskedErrors]) {
      for (const secret of [...Object.values(secrets), "cookie-secret", ...emails]) {
        expect(text).not.toContain(secret);
      }
      expect(text).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.-]+/);
    }
  });
});
