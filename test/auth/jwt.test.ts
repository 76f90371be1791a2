import { createPublicKey } from "node:crypto";
import { SignJWT } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AuthFailure } from "../../src/auth/authenticate.js";
import type { Caller } from "../../src/auth/caller.js";
import { createJwtAuthenticator, type JwtSettings } from "../../src/auth/jwt.js";
import { graphiqlContentSecurityPolicy } from "../../src/http/graphiql.js";
import { type GatewayKit, gatewayFor, SANDBOX_SETTINGS } from "../kit/gateway.js";
import {
  AUDIENCE,
  base64url,
  claimsOf,
  ISSUER,
  type JwksServer,
  makeKey,
  serveJwks,
  signToken,
  type TestKey,
} from "../kit/jwt.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";

let kit: SandboxKit;
let jwks: JwksServer;
let key: TestKey;
let otherKey: TestKey;
let gateway: GatewayKit;
let settings: JwtSettings;

const QUERY = "{ detectors { detectorId region } }";

beforeAll(async () => {
  kit = await startSandbox({ findingsPerDetector: 5 });
  key = await makeKey("key-1");
  otherKey = await makeKey("key-2");
  // A second published key makes a token naming no kid ambiguous (and "unknown kid" precise).
  const published = await makeKey("key-3", "ES256");
  jwks = await serveJwks([key.jwk, published.jwk]);
  settings = {
    keys: { kind: "jwks", url: jwks.url },
    issuer: ISSUER,
    audience: [AUDIENCE],
    clockToleranceS: 30,
    scopesClaim: "scope",
  };
  gateway = gatewayFor(kit, kit.administrator, {
    regions: ["us-east-1"],
    gateway: { ...SANDBOX_SETTINGS, authenticate: createJwtAuthenticator(settings) },
  });
});
afterAll(async () => {
  gateway.close();
  await jwks.close();
  await kit.close();
});
beforeEach(async () => {
  await kit.clearCalls();
});

async function post(headers: Record<string, string>, query = QUERY) {
  const response = await gateway.fetch("/graphql", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/graphql-response+json",
      ...headers,
    },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as {
    data?: unknown;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
  return { response, body };
}

/** Asserts the request was refused as UNAUTHENTICATED, and that GuardDuty was never called. */
async function expectRefused(
  headers: Record<string, string>,
  message: RegExp,
  challenge = 'Bearer realm="guardduty-graphql", error="invalid_token"',
) {
  const { response, body } = await post(headers);
  expect(response.status).toBe(401);
  expect(response.headers.get("www-authenticate")).toBe(challenge);
  expect(body.data).toBeUndefined();
  expect(body.errors).toHaveLength(1);
  expect(body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  expect(body.errors?.[0]?.message).toMatch(message);
  expect(await kit.calls()).toEqual([]);
  return body;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe("JWT bearer tokens at the gateway", () => {
  it("answers a valid token with data", async () => {
    const { response, body } = await post(bearer(await signToken(key)));
    expect(response.status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({
      detectors: [{ detectorId: kit.administrator.detectorIds["us-east-1"], region: "us-east-1" }],
    });
    expect((await kit.calls()).length).toBeGreaterThan(0);
  });

  it("lets the token's scopes decide, field by field, with no call for a refused field", async () => {
    const membersOnly = await signToken(key, { claims: { scope: "members:read" } });
    const { response, body } = await post(
      { authorization: `Bearer ${membersOnly}` },
      "{ detectors { region findings(first: 1) { edges { cursor } } members(first: 1) { edges { cursor } } } }",
    );
    expect(response.status).toBe(200);
    const detector = (body.data as { detectors: Record<string, unknown>[] }).detectors[0];
    expect(detector?.findings).toBeNull();
    expect(detector?.members).toEqual({ edges: [expect.any(Object)] });
    expect(body.errors?.map((error) => [error.message, error.extensions?.code])).toEqual([
      [expect.stringMatching(/missing scope findings:read/), "FORBIDDEN"],
    ]);
    const calls = (await kit.calls()).map((call) => call.operation);
    expect(calls).not.toContain("ListFindings");
    expect(calls).toContain("ListMembers");
  });

  it("keeps a token limited to other regions out of this one, before any call", async () => {
    const elsewhere = await signToken(key, {
      claims: { scope: "findings:read", "guardduty:regions": ["eu-west-1"] },
    });
    const { body } = await post(
      { authorization: `Bearer ${elsewhere}` },
      `{ detector(detectorId: "${kit.administrator.detectorIds["us-east-1"]}", region: "us-east-1") { region } }`,
    );
    expect(body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(await kit.calls()).toEqual([]);
  });

  it("refuses a request without a token, with a bare Bearer challenge", async () => {
    await expectRefused({}, /Authentication required/, 'Bearer realm="guardduty-graphql"');
  });

  it("refuses a GET query without a token too", async () => {
    const response = await gateway.fetch(`/graphql?query=${encodeURIComponent(QUERY)}`, {
      headers: { accept: "application/graphql-response+json" },
    });
    expect(response.status).toBe(401);
    expect(await kit.calls()).toEqual([]);
  });

  it("refuses malformed Authorization headers", async () => {
    await expectRefused({ authorization: "Basic YWxpY2U6c2VjcmV0" }, /not a bearer credential/);
    await expectRefused({ authorization: "Bearer" }, /not a bearer credential/);
    await expectRefused({ authorization: "Bearer a b" }, /not a bearer credential/);
    await expectRefused(bearer("not-a-jwt"), /malformed/);
    await expectRefused(bearer("e30.e30.e30"), /malformed|algorithm/);
  });

  it("refuses an expired token, and one not valid yet", async () => {
    await expectRefused(bearer(await signToken(key, { expiresIn: -3600 })), /expired/);
    await expectRefused(bearer(await signToken(key, { notBefore: 3600 })), /not valid yet/);
  });

  it("tolerates the configured clock skew (30 s) on exp and nbf", async () => {
    for (const token of [
      await signToken(key, { expiresIn: -5 }),
      await signToken(key, { notBefore: 5 }),
    ]) {
      const { response } = await post(bearer(token));
      expect(response.status).toBe(200);
    }
  });

  it("refuses a token without exp", async () => {
    await expectRefused(bearer(await signToken(key, { expiresIn: null })), /exp/);
  });

  it("refuses the wrong issuer and the wrong audience", async () => {
    await expectRefused(
      bearer(await signToken(key, { issuer: "https://evil.example.test/" })),
      /issuer/,
    );
    await expectRefused(bearer(await signToken(key, { audience: "another-api" })), /audience/);
  });

  it("refuses an unsigned token (alg: none)", async () => {
    const claims = claimsOf(await signToken(key));
    await expectRefused(
      bearer(`${base64url({ alg: "none", typ: "JWT" })}.${base64url(claims)}.`),
      /algorithm|malformed/,
    );
  });

  it("refuses an HS256 token signed with the public key as the secret", async () => {
    const forged = await new SignJWT({ scope: "findings:read findings:write account:write" })
      .setProtectedHeader({ alg: "HS256", kid: key.kid })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime("10m")
      .sign(new TextEncoder().encode(key.pem));
    await expectRefused(bearer(forged), /algorithm/);
  });

  it("refuses a token whose payload was changed after signing", async () => {
    const [header, , signature] = (await signToken(key)).split(".");
    const claims = { ...claimsOf(await signToken(key)), scope: "findings:read account:write" };
    await expectRefused(bearer(`${header}.${base64url(claims)}.${signature}`), /signature/);
  });

  it("refuses a token signed by a key the issuer does not publish (unknown kid)", async () => {
    await expectRefused(bearer(await signToken(otherKey)), /kid/);
    // Signed by an unpublished key but naming a published kid: the signature fails.
    await expectRefused(bearer(await signToken(otherKey, { kid: key.kid })), /signature/);
  });

  it("never puts the token in a response or the log", async () => {
    const token = await signToken(key, { expiresIn: -3600 });
    const body = await expectRefused(bearer(token), /expired/);
    expect(JSON.stringify(body)).not.toContain(token.split(".")[2]);
    expect(gateway.logText()).not.toContain(token.split(".")[2]);
  });

  it("serves the GraphiQL page without a token, its header editor ready for one", async () => {
    const response = await gateway.fetch("/graphql", { headers: { accept: "text/html" } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(response.headers.get("content-security-policy")).toBe(graphiqlContentSecurityPolicy());
    // The page's options (the prefilled headers among them) are in its own script file, which
    // needs no token either.
    const render = /<script src="(\/graphiql\/assets\/render\.[0-9a-f]+\.js)">/.exec(html)?.[1];
    const script = await gateway.fetch(render ?? "/missing", {
      headers: { "accept-encoding": "identity" },
    });
    expect(script.status).toBe(200);
    expect(await script.text()).toContain(
      JSON.stringify(JSON.stringify({ Authorization: "Bearer " }, null, 2)),
    );
    expect(await kit.calls()).toEqual([]);
  });
});

describe("the Caller a token produces", () => {
  const authenticate = () => createJwtAuthenticator(settings);
  const request = (token: string) =>
    new Request("http://gateway.test/graphql", { headers: bearer(token) });

  it("takes the name from sub, and only the scopes the gateway knows", async () => {
    const caller = await authenticate()(
      request(
        await signToken(key, {
          subject: "svc-reporting",
          claims: { scope: "openid findings:read  members:read profile findings:admin" },
        }),
      ),
    );
    expect(caller.name).toBe("svc-reporting");
    expect([...caller.scopes].sort()).toEqual(["findings:read", "members:read"]);
    expect(caller.regions).toBeUndefined();
    expect(caller.accounts).toBeUndefined();
  });

  it("reads scopes from an array and from another claim when configured", async () => {
    const scp = createJwtAuthenticator({ ...settings, scopesClaim: "scp" });
    const caller = await scp(
      request(await signToken(key, { claims: { scope: undefined, scp: ["findings:write", "x"] } })),
    );
    expect([...caller.scopes]).toEqual(["findings:write"]);
    const none = await authenticate()(request(await signToken(key, { claims: { scope: "" } })));
    expect(none.scopes.size).toBe(0);
  });

  it("fills regions and accounts from the restriction claims", async () => {
    const caller: Caller = await authenticate()(
      request(
        await signToken(key, {
          claims: {
            "guardduty:regions": ["us-east-1", "eu-west-1"],
            "guardduty:accounts": "111122223333 444455556666",
          },
        }),
      ),
    );
    expect(caller.regions).toEqual(["us-east-1", "eu-west-1"]);
    expect(caller.accounts).toEqual(["111122223333", "444455556666"]);
  });

  it("refuses malformed scope and restriction claims rather than widening or narrowing them", async () => {
    for (const claims of [
      { scope: 42 },
      { "guardduty:accounts": ["1234"] },
      { "guardduty:regions": [{ name: "us-east-1" }] },
      { "guardduty:regions": "mars-1" },
    ]) {
      await expect(authenticate()(request(await signToken(key, { claims })))).rejects.toMatchObject(
        { kind: "invalid" },
      );
    }
  });

  it("verifies against a public key file, refusing algorithms that key cannot verify", async () => {
    const ec = await makeKey("file-key", "ES256");
    const fromFile = createJwtAuthenticator({
      ...settings,
      keys: { kind: "file", path: "ec.pem", key: createPublicKey(ec.pem) },
    });
    const caller = await fromFile(request(await signToken(ec)));
    expect(caller.scopes.has("findings:read")).toBe(true);
    const rsaSigned = await signToken(key);
    const refused = await fromFile(request(rsaSigned)).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AuthFailure);
    expect(refused).toMatchObject({ kind: "invalid", message: /algorithm.*ES256/ });
  });
});

describe("when the JWKS cannot be fetched", () => {
  it("answers 503 AUTH_UNAVAILABLE, not 401, and logs why without the token", async () => {
    const gone = await serveJwks([]);
    const url = gone.url.replace("/jwks.json", "/missing.json");
    await gone.close();
    const unreachable = gatewayFor(kit, kit.administrator, {
      regions: ["us-east-1"],
      gateway: {
        authenticate: createJwtAuthenticator({ ...settings, keys: { kind: "jwks", url } }),
      },
    });
    const token = await signToken(key);
    const response = await unreachable.execute(QUERY).catch(() => undefined);
    expect(response?.status).toBe(401);
    const refused = await unreachable.fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", ...bearer(token) },
      body: JSON.stringify({ query: QUERY }),
    });
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("5");
    const body = (await refused.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe("AUTH_UNAVAILABLE");
    expect(unreachable.logText()).toMatch(/cannot fetch the keys/);
    expect(unreachable.logText()).not.toContain(token.split(".")[2]);
    expect(await kit.calls()).toEqual([]);
    unreachable.close();
  });

  it("fetches the JWKS once for many tokens", async () => {
    const before = jwks.fetches();
    for (let i = 0; i < 5; i += 1) {
      expect((await post(bearer(await signToken(key)))).response.status).toBe(200);
    }
    expect(jwks.fetches() - before).toBe(0);
  });
});
