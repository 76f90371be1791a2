/**
 * What a web page can make a developer's browser do to the gateway and the sandbox: forms,
 * "simple" fetches, foreign or `null` origins, DNS rebinding (a foreign `Host`). Every refusal is
 * checked for its status and code, for zero upstream calls, for the state it would have changed,
 * and for the server still answering a normal query afterwards. Browsers' own headers
 * (`Origin`, `Sec-Fetch-*`) are written here the way browsers send them.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type GatewayKit, gatewayFor, operations } from "../kit/gateway.js";
import { rawRequest, serveGateway } from "../kit/http.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";

const US = "us-east-1";
/** The origin the strict gateway allows, and the loopback address it is bound to. */
const APP = "http://app.example.test";
const STRICT = "http://127.0.0.1:4000";
const EVIL = "http://evil.example.test";

let kit: SandboxKit;
/** createGateway's defaults: no Host check, no other origin allowed. */
let open: GatewayKit;
/** As the server entry wires it on loopback port 4000, with APP allowed. */
let strict: GatewayKit;
let detectorId: string;
let findingId: string;

beforeAll(async () => {
  kit = await startSandbox({ findingsPerDetector: 30 });
  open = gatewayFor(kit, kit.administrator, { regions: [US] });
  strict = gatewayFor(kit, kit.administrator, {
    regions: [US],
    allowedOrigins: [APP],
    allowedHosts: ["localhost:4000", "127.0.0.1:4000", "[::1]:4000"],
  });
  detectorId = kit.administrator.detectorIds[US] as string;
  const detector = kit.sandbox.world.detectors.get(detectorId);
  const unarchived = [...(detector?.findings.values() ?? [])].find((f) => !f.service.archived);
  if (!unarchived) throw new Error("the seed has no unarchived finding");
  findingId = unarchived.id;
});
afterAll(async () => {
  open.close();
  strict.close();
  await kit.close();
});
beforeEach(async () => {
  await kit.control("POST", "/_sandbox/reset");
  await kit.clearCalls();
});

const ARCHIVE = `mutation($input: FindingsInput!) { archiveFindings(input: $input) { __typename } }`;
const DETECTORS = "{ detectors { detectorId } }";

function archiveVariables() {
  return { input: { detectorId, findingIds: [findingId] } };
}

function archived(): boolean {
  return kit.sandbox.world.detectors.get(detectorId)?.findings.get(findingId)?.service
    .archived as boolean;
}

function formBody(): string {
  return new URLSearchParams({
    query: ARCHIVE,
    variables: JSON.stringify(archiveVariables()),
  }).toString();
}

function jsonBody(query = ARCHIVE, variables: unknown = archiveVariables()): string {
  return JSON.stringify({ query, variables });
}

function multipartBody(): FormData {
  const form = new FormData();
  form.set("operations", jsonBody());
  form.set("map", "{}");
  return form;
}

/** Headers a browser adds to a request one page makes to another site. */
function fromPage(origin: string, mode: "cors" | "no-cors" | "navigate", dest = "empty") {
  return { origin, "sec-fetch-site": "cross-site", "sec-fetch-mode": mode, "sec-fetch-dest": dest };
}

const noCorsGet = `/graphql?query=${encodeURIComponent(DETECTORS)}`;

interface HostileCase {
  name: string;
  gateway: "open" | "strict";
  url: string;
  init: () => RequestInit;
  status: number;
  code: string;
}

const HOSTILE: HostileCase[] = [
  {
    name: "form POST (urlencoded) of archiveFindings, no Origin",
    gateway: "open",
    url: "/graphql",
    init: () => ({
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: formBody(),
    }),
    status: 415,
    code: "UNSUPPORTED_MEDIA_TYPE",
  },
  {
    name: "form POST of archiveFindings from a foreign page",
    gateway: "open",
    url: "/graphql",
    init: () => ({
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        ...fromPage(EVIL, "navigate", "document"),
      },
      body: formBody(),
    }),
    status: 403,
    code: "ORIGIN_NOT_ALLOWED",
  },
  {
    name: "form POST of archiveFindings even from an allowed origin",
    gateway: "strict",
    url: `${STRICT}/graphql`,
    init: () => ({
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        ...fromPage(APP, "navigate", "document"),
      },
      body: formBody(),
    }),
    status: 415,
    code: "UNSUPPORTED_MEDIA_TYPE",
  },
  {
    name: "multipart form of archiveFindings",
    gateway: "open",
    url: "/graphql",
    init: () => ({ method: "POST", body: multipartBody() }),
    status: 415,
    code: "UNSUPPORTED_MEDIA_TYPE",
  },
  {
    name: "text/plain body holding JSON (a no-cors fetch or an enctype=text/plain form)",
    gateway: "open",
    url: "/graphql",
    init: () => ({
      method: "POST",
      headers: { "content-type": "text/plain;charset=UTF-8" },
      body: jsonBody(),
    }),
    status: 415,
    code: "UNSUPPORTED_MEDIA_TYPE",
  },
  {
    name: "text/plain body from a foreign page",
    gateway: "open",
    url: "/graphql",
    init: () => ({
      method: "POST",
      headers: { "content-type": "text/plain", ...fromPage(EVIL, "no-cors") },
      body: jsonBody(),
    }),
    status: 403,
    code: "ORIGIN_NOT_ALLOWED",
  },
  {
    name: "POST with no content type",
    gateway: "open",
    url: "/graphql",
    init: () => ({ method: "POST", body: new Blob([jsonBody()]) }),
    status: 415,
    code: "UNSUPPORTED_MEDIA_TYPE",
  },
  {
    name: "JSON POST with a foreign Origin",
    gateway: "open",
    url: "/graphql",
    init: () => ({
      method: "POST",
      headers: { "content-type": "application/json", ...fromPage(EVIL, "cors") },
      body: jsonBody(),
    }),
    status: 403,
    code: "ORIGIN_NOT_ALLOWED",
  },
  {
    name: "JSON POST with Origin: null (sandboxed iframe, file: page)",
    gateway: "strict",
    url: `${STRICT}/graphql`,
    init: () => ({
      method: "POST",
      headers: { "content-type": "application/json", cookie: "s=1", ...fromPage("null", "cors") },
      body: jsonBody(),
    }),
    status: 403,
    code: "ORIGIN_NOT_ALLOWED",
  },
  {
    name: "Origin that merely starts with the gateway's host",
    gateway: "open",
    url: "/graphql",
    init: () => ({
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...fromPage("http://gateway.test.evil.example.test", "cors"),
      },
      body: jsonBody(),
    }),
    status: 403,
    code: "ORIGIN_NOT_ALLOWED",
  },
  {
    name: "Origin one port away from an allowed one",
    gateway: "strict",
    url: `${STRICT}/graphql`,
    init: () => ({
      method: "POST",
      headers: { "content-type": "application/json", ...fromPage(`${APP}:8080`, "cors") },
      body: jsonBody(),
    }),
    status: 403,
    code: "ORIGIN_NOT_ALLOWED",
  },
  {
    name: "Origin with another scheme than an allowed one",
    gateway: "strict",
    url: `${STRICT}/graphql`,
    init: () => ({
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...fromPage(APP.replace("http:", "https:"), "cors"),
      },
      body: jsonBody(),
    }),
    status: 403,
    code: "ORIGIN_NOT_ALLOWED",
  },
  {
    name: "CORS preflight from a foreign origin",
    gateway: "strict",
    url: `${STRICT}/graphql`,
    init: () => ({
      method: "OPTIONS",
      headers: {
        ...fromPage(EVIL, "cors"),
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    }),
    status: 403,
    code: "ORIGIN_NOT_ALLOWED",
  },
  {
    name: "CORS preflight from Origin: null",
    gateway: "strict",
    url: `${STRICT}/graphql`,
    init: () => ({
      method: "OPTIONS",
      headers: { ...fromPage("null", "cors"), "access-control-request-method": "POST" },
    }),
    status: 403,
    code: "ORIGIN_NOT_ALLOWED",
  },
  {
    name: "cross-site GET of a query (<img>/<script> src, no Origin)",
    gateway: "open",
    url: noCorsGet,
    init: () => ({
      headers: {
        accept: "*/*",
        "sec-fetch-site": "cross-site",
        "sec-fetch-mode": "no-cors",
        "sec-fetch-dest": "script",
      },
    }),
    status: 403,
    code: "CROSS_SITE_NOT_ALLOWED",
  },
  {
    name: "same-site GET of a query from a page on another loopback port",
    gateway: "strict",
    url: `${STRICT}${noCorsGet}`,
    init: () => ({
      headers: { "sec-fetch-site": "same-site", "sec-fetch-mode": "no-cors" },
    }),
    status: 403,
    code: "CROSS_SITE_NOT_ALLOWED",
  },
  {
    name: "GraphiQL framed by another site",
    gateway: "open",
    url: "/graphql",
    init: () => ({
      headers: {
        accept: "text/html",
        "sec-fetch-site": "cross-site",
        "sec-fetch-mode": "navigate",
        "sec-fetch-dest": "iframe",
      },
    }),
    status: 403,
    code: "CROSS_SITE_NOT_ALLOWED",
  },
  {
    name: "mutation over GET",
    gateway: "open",
    url: `/graphql?query=${encodeURIComponent(ARCHIVE)}&variables=${encodeURIComponent(JSON.stringify({ input: {} }))}`,
    init: () => ({ headers: { accept: "application/json" } }),
    status: 405,
    code: "BAD_REQUEST",
  },
  {
    name: "foreign Host (DNS rebinding), JSON POST",
    gateway: "strict",
    url: "http://rebind.example.test:4000/graphql",
    init: () => ({
      method: "POST",
      headers: { "content-type": "application/json" },
      body: jsonBody(),
    }),
    status: 403,
    code: "HOST_NOT_ALLOWED",
  },
  {
    name: "foreign Host with the same-origin headers a rebound page sends",
    gateway: "strict",
    url: `${STRICT}/graphql`,
    init: () => ({
      method: "POST",
      headers: {
        host: "rebind.example.test:4000",
        origin: "http://rebind.example.test:4000",
        "sec-fetch-site": "same-origin",
        "content-type": "application/json",
      },
      body: jsonBody(),
    }),
    status: 403,
    code: "HOST_NOT_ALLOWED",
  },
  {
    name: "foreign Host loading GraphiQL",
    gateway: "strict",
    url: "http://rebind.example.test:4000/graphql",
    init: () => ({ headers: { accept: "text/html" } }),
    status: 403,
    code: "HOST_NOT_ALLOWED",
  },
  {
    name: "loopback Host on another port",
    gateway: "strict",
    url: "http://127.0.0.1:4001/graphql",
    init: () => ({
      method: "POST",
      headers: { "content-type": "application/json" },
      body: jsonBody(),
    }),
    status: 403,
    code: "HOST_NOT_ALLOWED",
  },
  {
    name: "Host that only starts with a loopback name",
    gateway: "strict",
    url: "http://localhost.evil.example.test:4000/graphql",
    init: () => ({
      method: "POST",
      headers: { "content-type": "application/json" },
      body: jsonBody(),
    }),
    status: 403,
    code: "HOST_NOT_ALLOWED",
  },
];

async function errorCode(response: Response): Promise<unknown> {
  const body = (await response.json()) as {
    data?: unknown;
    errors?: { extensions?: { code?: unknown } }[];
  };
  expect(body.data ?? null).toBeNull();
  return body.errors?.[0]?.extensions?.code;
}

async function expectStillServing(gateway: GatewayKit, base = ""): Promise<void> {
  const response = await gateway.fetch(`${base}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: jsonBody(DETECTORS, {}),
  });
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ data: { detectors: [{ detectorId }] } });
}

describe("the gateway refuses what a foreign page can make a browser send", () => {
  it.each(HOSTILE)("$name: $status $code", async (hostile) => {
    const gateway = hostile.gateway === "open" ? open : strict;
    const response = await gateway.fetch(hostile.url, hostile.init());
    expect(response.status).toBe(hostile.status);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(response.headers.get("access-control-allow-credentials")).toBeNull();
    expect(await errorCode(response)).toBe(hostile.code);
    expect(await operations(kit)).toEqual([]);
    expect(archived()).toBe(false);
    await expectStillServing(gateway, hostile.gateway === "strict" ? STRICT : "");
  });

  it("checks the real Host header over HTTP, not only the URL", async () => {
    const served = await serveGateway(kit, kit.administrator, { regions: [US] });
    try {
      const rebound = await rawRequest(`${served.origin}/graphql`, {
        method: "POST",
        headers: { host: `rebind.example.test:${served.port}`, "content-type": "application/json" },
        body: jsonBody(),
      });
      expect(rebound.status).toBe(403);
      expect(JSON.parse(rebound.body).errors[0].extensions.code).toBe("HOST_NOT_ALLOWED");
      const local = await rawRequest(`${served.origin}/graphql`, {
        method: "POST",
        headers: { host: `localhost:${served.port}`, "content-type": "application/json" },
        body: jsonBody(DETECTORS, {}),
      });
      expect(local.status).toBe(200);
      expect(JSON.parse(local.body)).toEqual({ data: { detectors: [{ detectorId }] } });
      expect(await operations(kit)).toEqual(["ListDetectors"]);
      expect(archived()).toBe(false);
    } finally {
      await served.close();
    }
  });
});

describe("an allowed origin", () => {
  it("passes its preflight with credentials, and only for itself", async () => {
    const response = await strict.fetch(`${STRICT}/graphql`, {
      method: "OPTIONS",
      headers: {
        ...fromPage(APP, "cors"),
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type,authorization",
      },
    });
    expect(response.status).toBe(204);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "access-control-allow-origin": APP,
      "access-control-allow-credentials": "true",
      "access-control-allow-methods": "GET, POST",
      "access-control-allow-headers": "accept, authorization, content-type, x-api-key",
      "access-control-max-age": "600",
      vary: "Origin",
    });
    expect(await operations(kit)).toEqual([]);
  });

  it("archives a finding with credentials and reads the answer", async () => {
    const response = await strict.fetch(`${STRICT}/graphql`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        cookie: "session=1",
        ...fromPage(APP, "cors"),
      },
      body: jsonBody(),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe(APP);
    expect(response.headers.get("access-control-allow-credentials")).toBe("true");
    expect(response.headers.get("vary")).toContain("Origin");
    expect(await response.json()).toEqual({
      data: { archiveFindings: { __typename: "FindingsPayload" } },
    });
    expect(archived()).toBe(true);
    expect(await operations(kit)).toContain("ArchiveFindings");
  });

  it("runs a query over GET", async () => {
    const response = await strict.fetch(`${STRICT}${noCorsGet}`, {
      headers: { accept: "application/graphql-response+json", ...fromPage(APP, "cors") },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe(APP);
    expect(await response.json()).toEqual({ data: { detectors: [{ detectorId }] } });
  });

  it("is not needed by the gateway's own page (same origin): no CORS headers are sent", async () => {
    const response = await strict.fetch(`${STRICT}/graphql`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: STRICT,
        "sec-fetch-site": "same-origin",
        "sec-fetch-mode": "cors",
      },
      body: jsonBody(DETECTORS, {}),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(await response.json()).toEqual({ data: { detectors: [{ detectorId }] } });
  });

  it("lets a link from another site open GraphiQL (a top-level page load runs nothing)", async () => {
    const response = await strict.fetch(`${STRICT}${noCorsGet}`, {
      headers: {
        accept: "text/html",
        "sec-fetch-site": "cross-site",
        "sec-fetch-mode": "navigate",
        "sec-fetch-dest": "document",
      },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    await response.arrayBuffer();
    expect(await operations(kit)).toEqual([]);
  });
});

describe("response headers", () => {
  it("serve GraphiQL with no inline script and a CSP allowing only its own files, unframeable", async () => {
    const response = await open.fetch("/graphql", { headers: { accept: "text/html" } });
    expect(response.status).toBe(200);
    const html = await response.text();
    const csp = response.headers.get("content-security-policy") ?? "";
    const directives = Object.fromEntries(
      csp.split(";").map((part) => {
        const [name, ...values] = part.trim().split(/\s+/);
        return [name, values];
      }),
    );
    // Every <script> loads a file of the gateway's own; none has inline text.
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, text] of scripts) {
      expect(attributes).toMatch(/^ src="\/graphiql\/assets\/[\w.-]+\.js"$/);
      expect(text).toBe("");
    }
    expect(directives["script-src"]).toEqual(["'self'"]);
    expect(directives["default-src"]).toEqual(["'none'"]);
    expect(directives["frame-ancestors"]).toEqual(["'none'"]);
    expect(directives["worker-src"]).toEqual(["'self'"]);
    expect(directives["connect-src"]).toEqual(["'self'"]);
    expect(csp).not.toContain("unsafe-eval");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
  });

  it("mark GraphQL answers and refusals nosniff and same-origin only", async () => {
    for (const init of [
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: jsonBody(DETECTORS, {}),
      },
      { method: "POST", headers: { "content-type": "text/plain" }, body: "{}" },
    ]) {
      const response = await open.fetch("/graphql", init);
      expect(response.headers.get("content-type")).toMatch(
        /^application\/(graphql-response\+)?json/,
      );
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("cross-origin-resource-policy")).toBe("same-origin");
      await response.arrayBuffer();
    }
  });
});

interface SandboxHostile {
  name: string;
  method: string;
  path: () => string;
  headers: (port: number) => Record<string, string>;
  body?: () => string;
}

const SANDBOX_HOSTILE: SandboxHostile[] = [
  {
    name: "form POST to /_sandbox/reset from a foreign page",
    method: "POST",
    path: () => "/_sandbox/reset",
    headers: () => ({
      "content-type": "application/x-www-form-urlencoded",
      ...fromPage(EVIL, "navigate", "document"),
    }),
    body: () => "",
  },
  {
    name: "text/plain POST to /_sandbox/seed from a page on another loopback port",
    method: "POST",
    path: () => "/_sandbox/seed",
    headers: () => ({
      "content-type": "text/plain",
      origin: "http://127.0.0.1:5173",
      "sec-fetch-site": "same-site",
    }),
    body: () => JSON.stringify({ seed: 99 }),
  },
  {
    name: "PUT /_sandbox/faults with Origin: null",
    method: "PUT",
    path: () => "/_sandbox/faults",
    headers: () => ({ "content-type": "application/json", origin: "null" }),
    body: () => JSON.stringify([{ probability: 1, status: 500 }]),
  },
  {
    name: "cross-site GET of /_sandbox/identities (a <script> tag)",
    method: "GET",
    path: () => "/_sandbox/identities",
    headers: () => ({ "sec-fetch-site": "cross-site", "sec-fetch-mode": "no-cors" }),
  },
  {
    name: "same-origin GET of /_sandbox/identities (a rebound page)",
    method: "GET",
    path: () => "/_sandbox/identities",
    headers: () => ({ "sec-fetch-site": "same-origin", "sec-fetch-mode": "cors" }),
  },
  {
    name: "GET /_sandbox/identities under a foreign Host (DNS rebinding)",
    method: "GET",
    path: () => "/_sandbox/identities",
    headers: (port) => ({ host: `rebind.example.test:${port}` }),
  },
  {
    name: "ArchiveFindings on the AWS route with an Origin",
    method: "POST",
    path: () => `/detector/${detectorId}/findings/archive`,
    headers: () => ({ "content-type": "text/plain", ...fromPage(EVIL, "no-cors") }),
    body: () => JSON.stringify({ findingIds: [findingId] }),
  },
  {
    name: "ArchiveFindings on the AWS route under a Host that starts with localhost",
    method: "POST",
    path: () => `/detector/${detectorId}/findings/archive`,
    headers: (port) => ({
      host: `localhost.evil.example.test:${port}`,
      "content-type": "application/json",
    }),
    body: () => JSON.stringify({ findingIds: [findingId] }),
  },
];

describe("the sandbox refuses every request from a web page", () => {
  it.each(SANDBOX_HOSTILE)("$name: 403 AccessDeniedException", async (hostile) => {
    const world = kit.sandbox.world;
    const response = await rawRequest(`${kit.url}${hostile.path()}`, {
      method: hostile.method,
      headers: hostile.headers(kit.running.port),
      ...(hostile.body ? { body: hostile.body() } : {}),
    });
    expect(response.status).toBe(403);
    expect(response.headers["x-amzn-errortype"]).toBe("AccessDeniedException");
    expect(response.headers["access-control-allow-origin"]).toBeUndefined();
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(JSON.parse(response.body)).toMatchObject({ __type: "AccessDeniedException" });
    expect(response.body).not.toContain(kit.administrator.secretAccessKey);
    expect(await operations(kit)).toEqual([]);
    expect(kit.sandbox.world).toBe(world);
    expect(archived()).toBe(false);
    expect((await kit.control("GET", "/_sandbox/faults")).body).toEqual([]);
    await expectStillServing(open);
  });

  it("still answers the SDK and plain loopback clients", async () => {
    const identities = await rawRequest(`${kit.url}/_sandbox/identities`, {
      headers: { host: `localhost:${kit.running.port}` },
    });
    expect(identities.status).toBe(200);
    expect(identities.body).toContain(kit.administrator.secretAccessKey);
    await expectStillServing(open);
    expect(await operations(kit)).toEqual(["ListDetectors"]);
  });
});
