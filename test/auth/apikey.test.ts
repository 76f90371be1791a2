import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type ApiKeyEntry,
  createApiKeyAuthenticator,
  findKey,
  newApiKey,
  parseApiKeys,
  sha256Hex,
} from "../../src/auth/api-keys.js";
import { type GatewayKit, gatewayFor } from "../kit/gateway.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";

const QUERY = "{ detectors { detectorId } }";
const reader = newApiKey();
const restricted = newApiKey();

function entries(): ApiKeyEntry[] {
  const { entries, problems } = parseApiKeys(
    JSON.stringify([
      { name: "reporting", sha256: reader.sha256, scopes: ["findings:read", "members:read"] },
      {
        name: "eu-triage",
        sha256: restricted.sha256.toUpperCase(),
        scopes: ["findings:read", "findings:write"],
        regions: ["eu-west-1"],
        accounts: ["111122223333"],
      },
    ]),
  );
  expect(problems).toEqual([]);
  return entries;
}

let kit: SandboxKit;
let gateway: GatewayKit;

beforeAll(async () => {
  kit = await startSandbox({ findingsPerDetector: 5 });
  gateway = gatewayFor(kit, kit.administrator, {
    regions: ["us-east-1"],
    gateway: { authenticate: createApiKeyAuthenticator(entries()) },
  });
});
afterAll(async () => {
  gateway.close();
  await kit.close();
});
beforeEach(async () => {
  await kit.clearCalls();
});

async function post(headers: Record<string, string>) {
  const response = await gateway.fetch("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query: QUERY }),
  });
  const body = (await response.json()) as {
    data?: unknown;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
  return { response, body };
}

async function expectRefused(headers: Record<string, string>, message: RegExp) {
  const { response, body } = await post(headers);
  expect(response.status).toBe(401);
  expect(response.headers.get("www-authenticate")).toMatch(/^Bearer realm="guardduty-graphql"/);
  expect(body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  expect(body.errors?.[0]?.message).toMatch(message);
  expect(await kit.calls()).toEqual([]);
  return body;
}

describe("API keys at the gateway", () => {
  it("answers a known key sent as x-api-key or as a bearer token", async () => {
    const ways: Record<string, string>[] = [
      { "x-api-key": reader.key },
      { authorization: `Bearer ${reader.key}` },
    ];
    for (const headers of ways) {
      const { response, body } = await post(headers);
      expect(response.status).toBe(200);
      expect(body.data).toEqual({
        detectors: [{ detectorId: kit.administrator.detectorIds["us-east-1"] }],
      });
    }
  });

  it("refuses a request without a key", async () => {
    await expectRefused({}, /send the API key/);
  });

  it("refuses a wrong key, without quoting it", async () => {
    const wrong = newApiKey().key;
    const body = await expectRefused({ "x-api-key": wrong }, /not valid/);
    expect(JSON.stringify(body)).not.toContain(wrong);
    await expectRefused({ "x-api-key": reader.sha256 }, /not valid/);
    await expectRefused({ "x-api-key": "k".repeat(10_000) }, /not valid/);
    expect(gateway.logText()).not.toContain(wrong);
  });

  it("refuses a key sent twice, in both headers", async () => {
    await expectRefused(
      { "x-api-key": reader.key, authorization: `Bearer ${reader.key}` },
      /not both/,
    );
  });
});

describe("the Caller a key produces", () => {
  const authenticate = createApiKeyAuthenticator(entries());
  const request = (key: string) =>
    new Request("http://gateway.test/graphql", { headers: { "x-api-key": key } });

  it("is the key's entry: name, scopes, restrictions", async () => {
    const caller = await authenticate(request(restricted.key));
    expect(caller.name).toBe("eu-triage");
    expect([...caller.scopes].sort()).toEqual(["findings:read", "findings:write"]);
    expect(caller.regions).toEqual(["eu-west-1"]);
    expect(caller.accounts).toEqual(["111122223333"]);
    const plain = await authenticate(request(reader.key));
    expect(plain.name).toBe("reporting");
    expect(plain.regions).toBeUndefined();
  });

  it("matches by digest whatever the entry's position", () => {
    const list = entries();
    expect(findKey(list, reader.key)?.name).toBe("reporting");
    expect(findKey(list, restricted.key)?.name).toBe("eu-triage");
    expect(findKey(list, "nope")).toBeUndefined();
  });

  it("hashes a key as SHA-256 hex of its UTF-8 bytes", () => {
    expect(sha256Hex("abc")).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
    expect(newApiKey().key).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe("the key file", () => {
  it("lists every problem at once", () => {
    const { problems } = parseApiKeys(
      JSON.stringify([
        { name: "a", sha256: "abc", scopes: ["findings:read", "finding:read"] },
        { name: "a", sha256: sha256Hex("x"), scopes: "findings:read", key: "plain" },
        { sha256: sha256Hex("x"), scopes: [], acounts: ["111122223333"] },
        { name: "r", sha256: sha256Hex("y"), scopes: [], regions: ["moon-1"], accounts: ["12"] },
        "nope",
      ]),
    );
    expect(problems).toEqual([
      'key "a": "sha256" must be the key\'s SHA-256 digest, 64 hex characters',
      'key "a": unknown scope "finding:read" (known: findings:read, members:read, findings:write, account:write)',
      'key "a": unknown field "key" (known: name, sha256, scopes, regions, accounts); keys are given as "sha256" digests, never in plain text',
      'key "a": "scopes" must be an array of strings',
      'entry 2 needs a "name" (used in logs)',
      'entry 2: unknown field "acounts" (known: name, sha256, scopes, regions, accounts); keys are given as "sha256" digests, never in plain text',
      'key "r": "regions": "moon-1" is not an AWS region name',
      'key "r": "accounts": "12" is not a 12-digit account id',
      'entry 4 must be an object {"name", "sha256", "scopes"}',
      'the name "a" is used by more than one key',
      "the same sha256 is listed more than once",
    ]);
  });

  it("refuses what is not a non-empty JSON array", () => {
    expect(parseApiKeys("{").problems[0]).toMatch(/^not JSON/);
    expect(parseApiKeys("{}").problems).toEqual([
      'must be a JSON array of {"name", "sha256", "scopes"}',
    ]);
    expect(parseApiKeys("[]").problems).toEqual(["lists no keys"]);
  });
});
