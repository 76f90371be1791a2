/**
 * Every example a user is shown (the README's GraphQL blocks, the operations in
 * schema/operations/ that GraphiQL opens as tabs) returns data against a freshly started
 * default sandbox whose world ends now, the real current time, as `npm start` builds it. Date
 * filters ask for "the last 7 days".
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  exampleOperations,
  exampleVariables,
  firstOperationName,
} from "../../src/http/graphiql-tabs.js";
import type { PublicIdentity } from "../../src/sandbox/sandbox.js";
import { type GatewayKit, gatewayFor } from "../kit/gateway.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";

const US = "us-east-1";
const DAY_MS = 24 * 60 * 60 * 1000;

let kit: SandboxKit;
let administrator: GatewayKit;
/** A member account with a pending invitation (PendingInvitations is a member's question). */
let invited: GatewayKit;

/** The README's ```graphql blocks. */
function readmeExamples(): string[] {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  return [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1] as string);
}

function isQuery(document: string): boolean {
  return /^\s*query\b/m.test(document) && !/^\s*(mutation|subscription)\b/m.test(document);
}

/** The operation names a document defines, in order. */
function operationNames(document: string): string[] {
  return [...document.matchAll(/^\s*(?:query|mutation|subscription)\s+(\w+)/gm)].map(
    (match) => match[1] as string,
  );
}

function variablesFor(name: string, document: string): Record<string, unknown> {
  const sevenDaysAgo = new Date(Date.now() - 7 * DAY_MS).toISOString();
  return {
    ...exampleVariables(name, {
      detectorId: kit.administrator.detectorIds[US] as string,
      region: US,
    }),
    ...(document.includes("$since") ? { since: sevenDaysAgo } : {}),
  };
}

/**
 * The number of list items anywhere in `value`, except the `detectors` list itself (one entry
 * per covered region whatever they hold): zero means the answer holds no data.
 */
function items(value: unknown, key = ""): number {
  if (Array.isArray(value)) {
    const own = key === "detectors" ? 0 : value.length;
    return own + value.reduce((sum: number, item) => sum + items(item), 0);
  }
  if (value && typeof value === "object")
    return Object.entries(value).reduce((sum: number, [name, item]) => sum + items(item, name), 0);
  return 0;
}

/** POSTs one named operation of a document, as GraphiQL does when a tab holds several. */
async function run(
  gateway: GatewayKit,
  document: string,
  operationName: string,
): Promise<{ data?: unknown; errors?: unknown }> {
  const response = await gateway.fetch("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
    body: JSON.stringify({
      query: document,
      operationName,
      variables: variablesFor(operationName, document),
    }),
  });
  return (await response.json()) as { data?: unknown; errors?: unknown };
}

function memberWithInvitation(): PublicIdentity {
  const pending = kit.sandbox.world.relationships.find(
    (link) => link.relationshipStatus === "Invited" && link.region === US,
  );
  const member = kit.members.find((identity) => identity.accountId === pending?.memberAccountId);
  if (!member) throw new Error("the default world has no member with a pending invitation");
  return member;
}

beforeAll(async () => {
  // The default world, ending at the real current time.
  kit = await startSandbox({ now: Date.now() });
  administrator = gatewayFor(kit, kit.administrator);
  invited = gatewayFor(kit, memberWithInvitation());
}, 120_000);

afterAll(async () => {
  administrator?.close();
  invited?.close();
  await kit?.close();
});

describe("on a sandbox started now", () => {
  it("the README's example queries return data", async () => {
    const queries = readmeExamples().filter(isQuery);
    expect(queries.length).toBeGreaterThanOrEqual(3);
    for (const document of queries) {
      const [name] = operationNames(document);
      const result = await administrator.execute(document, variablesFor(name ?? "", document));
      expect([name, result.errors]).toEqual([name, undefined]);
      expect(items(result.data), `${name} returned no data`).toBeGreaterThan(0);
    }
  });

  it("each example operation in schema/operations returns data with its tab's variables", async () => {
    const examples = exampleOperations();
    expect(examples.length).toBeGreaterThanOrEqual(6);
    for (const { file, document } of examples) {
      for (const name of operationNames(document)) {
        // The mutations act on an invitation or relationship; test/graphql/mutations covers them.
        if (!new RegExp(`query\\s+${name}\\b`).test(document)) continue;
        const gateway = name === "PendingInvitations" ? invited : administrator;
        const result = await run(gateway, document, name);
        expect([file, name, result.errors]).toEqual([file, name, undefined]);
        expect(items(result.data), `${file} ${name} returned no data`).toBeGreaterThan(0);
      }
      expect(firstOperationName(document)).toBe(operationNames(document)[0]);
    }
  });

  it("the findings of the last 7 days are there, in both regions", async () => {
    const since = new Date(Date.now() - 7 * DAY_MS).toISOString();
    const recent = exampleOperations().find(
      (example) => example.file === "recent-findings.graphql",
    );
    const result = await administrator.execute<{
      detectors: { region: string; findings: { edges: { node: { updatedAt: string } }[] } }[];
    }>(recent?.document ?? "", { first: 5, filter: { updatedAfter: since } });
    expect(result.errors).toBeUndefined();
    expect(result.data?.detectors.map((detector) => detector.region).sort()).toEqual([
      "eu-west-1",
      "us-east-1",
    ]);
    for (const detector of result.data?.detectors ?? []) {
      expect(detector.findings.edges).toHaveLength(5);
      for (const edge of detector.findings.edges)
        expect(Date.parse(edge.node.updatedAt)).toBeGreaterThanOrEqual(Date.parse(since));
    }
  });
});
