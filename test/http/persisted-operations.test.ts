/**
 * Persisted operations over real HTTP, with the generated typed documents (their `__meta__.hash`)
 * and the manifest codegen writes: in allow-list mode a known hash runs and anything else is
 * refused before GuardDuty is called; in the default mode both run.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { type DocumentNode, print } from "graphql";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  PendingInvitationsDocument,
  RecentFindingsDocument,
} from "../../schema/generated/graphql.js";
import { loadPersistedDocuments } from "../../src/http/persisted-operations.js";
import { type GatewayKit, gatewayFor, operations } from "../kit/gateway.js";
import { listenGateway } from "../kit/http.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";

const MANIFEST = "schema/generated/persisted-documents.json";

function hashOf(document: DocumentNode): string {
  return (document as unknown as { __meta__: { hash: string } }).__meta__.hash;
}

let kit: SandboxKit;
const started: { gateway: GatewayKit; close(): Promise<void> }[] = [];

async function serve(mode: "off" | "allow-list") {
  const gateway = gatewayFor(kit, kit.administrator, {
    regions: ["us-east-1"],
    gateway: { persistedOperations: mode },
  });
  const listening = await listenGateway(gateway.yoga);
  started.push({ gateway, close: listening.close });
  const post = async (body: Record<string, unknown>) => {
    const response = await fetch(`${listening.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  return { url: listening.url, post };
}

beforeAll(async () => {
  kit = await startSandbox({ findingsPerDetector: 10 });
});
afterAll(async () => {
  for (const { gateway, close } of started) {
    await close();
    gateway.close();
  }
  await kit.close();
});
beforeEach(() => kit.clearCalls());

describe("the manifest", () => {
  it("holds every example operation, each under the sha256 of its text", () => {
    const documents = loadPersistedDocuments(MANIFEST);
    expect(documents.size).toBe(
      Object.keys(JSON.parse(readFileSync(MANIFEST, "utf8")) as object).length,
    );
    for (const [id, text] of documents) {
      expect(id).toBe(`sha256:${createHash("sha256").update(text).digest("hex")}`);
    }
    for (const document of [PendingInvitationsDocument, RecentFindingsDocument]) {
      expect(documents.has(hashOf(document))).toBe(true);
    }
  });
});

describe("PERSISTED_OPERATIONS=allow-list", () => {
  let gateway: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    gateway = await serve("allow-list");
  });

  it("runs a known hash sent as documentId, with variables", async () => {
    const answer = await gateway.post({
      documentId: hashOf(RecentFindingsDocument),
      variables: { first: 2 },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    const detectors = (answer.body.data as { detectors: { findings: { edges: unknown[] } }[] })
      .detectors;
    expect(detectors[0]?.findings.edges).toHaveLength(2);
    expect(await operations(kit)).toContain("GetFindings");
  });

  it("runs a known hash sent the Apollo way (extensions.persistedQuery), also by GET", async () => {
    const hex = hashOf(PendingInvitationsDocument).replace(/^sha256:/, "");
    const extensions = { persistedQuery: { version: 1, sha256Hash: hex } };
    const posted = await gateway.post({ extensions });
    expect(posted.status).toBe(200);
    expect(posted.body.data).toEqual({ invitations: expect.any(Array) });
    const url = `${gateway.url}/graphql?extensions=${encodeURIComponent(JSON.stringify(extensions))}`;
    const got = await fetch(url, { headers: { accept: "application/graphql-response+json" } });
    expect(got.status).toBe(200);
    expect(((await got.json()) as { data: unknown }).data).toEqual(posted.body.data);
  });

  it.each([
    ["an ad-hoc document", { query: "{ detectors { region } }" }],
    [
      "a known document sent as text",
      { query: print(PendingInvitationsDocument), operationName: "PendingInvitations" },
    ],
    [
      "a hash and a document together",
      { documentId: hashOf(PendingInvitationsDocument), query: "{ __typename }" },
    ],
    ["neither", {}],
  ])("refuses %s with 400 PERSISTED_OPERATION_REQUIRED, before any call", async (_name, body) => {
    const answer = await gateway.post(body);
    expect(answer.status).toBe(400);
    const errors = answer.body.errors as { message: string; extensions: Record<string, unknown> }[];
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/persisted operations only/);
    expect(errors[0]?.extensions).toEqual({
      code: "PERSISTED_OPERATION_REQUIRED",
      requestId: expect.any(String),
    });
    expect(await operations(kit)).toEqual([]);
  });

  it.each([
    ["an unknown sha256", { documentId: `sha256:${"0".repeat(64)}` }],
    ["another algorithm", { documentId: "sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709" }],
    ["a long junk id", { documentId: "x".repeat(10_000) }],
  ])("refuses %s with 400 PERSISTED_OPERATION_NOT_FOUND", async (_name, body) => {
    const answer = await gateway.post(body);
    expect(answer.status).toBe(400);
    const errors = answer.body.errors as { message: string; extensions: Record<string, unknown> }[];
    expect(errors[0]?.extensions.code).toBe("PERSISTED_OPERATION_NOT_FOUND");
    expect(JSON.stringify(answer.body).length).toBeLessThan(1_000);
    expect(await operations(kit)).toEqual([]);
  });
});

describe("PERSISTED_OPERATIONS=off (the default)", () => {
  let gateway: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    gateway = await serve("off");
  });

  it("runs ad-hoc documents and known hashes alike", async () => {
    const adHoc = await gateway.post({ query: print(PendingInvitationsDocument) });
    const byHash = await gateway.post({ documentId: hashOf(PendingInvitationsDocument) });
    expect(adHoc.status).toBe(200);
    expect(byHash.status).toBe(200);
    expect(byHash.body).toEqual(adHoc.body);
  });

  it("still refuses an unknown hash", async () => {
    const answer = await gateway.post({ documentId: `sha256:${"f".repeat(64)}` });
    expect(answer.status).toBe(400);
    expect((answer.body.errors as { extensions: { code: string } }[])[0]?.extensions.code).toBe(
      "PERSISTED_OPERATION_NOT_FOUND",
    );
  });

  it("a request with neither gets Yoga's own answer", async () => {
    const answer = await gateway.post({});
    expect(answer.status).toBe(400);
    expect((answer.body.errors as { message: string }[])[0]?.message).toMatch(/query/i);
  });
});
