/**
 * Federation `_entities` and Relay `node`/`nodes` take ids a router or a client made up. None of
 * them may take the process down: every item is judged on its own, bad ones get a coded error
 * at their index, good ones resolve, and no promise is left rejected with nobody listening.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MAX_ENTITY_REPRESENTATIONS } from "../../src/graphql/entities.js";
import { countBy, type GatewayKit, gatewayFor, operations } from "../kit/gateway.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";

let kit: SandboxKit;
let gateway: GatewayKit;
let findingIds: string[];
let detectorGlobalId: string;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

const ENTITIES = `query($reps: [_Any!]!) {
  _entities(representations: $reps) { __typename ... on Finding { findingId } ... on Detector { region } ... on Member { accountId } }
}`;

type Entities = { _entities: ({ __typename: string } | null)[] };

beforeAll(async () => {
  kit = await startSandbox({ findingsPerDetector: 60 });
  gateway = gatewayFor(kit, kit.administrator, { regions: ["us-east-1"] });
  const page = await gateway.execute<{
    detectors: { id: string; findings: { edges: { node: { id: string } }[] } }[];
  }>("{ detectors { id findings(first: 5) { edges { node { id } } } } }");
  const detector = page.data?.detectors[0];
  if (!detector) throw new Error("no detector");
  detectorGlobalId = detector.id;
  findingIds = detector.findings.edges.map((edge) => edge.node.id);
  process.on("unhandledRejection", onUnhandled);
});
afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  gateway.close();
  await kit.close();
});
beforeEach(() => kit.clearCalls());
afterEach(async () => {
  // Give abandoned promises a turn of the event loop to surface before judging.
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(unhandled).toEqual([]);
  const healthy = await gateway.execute("{ detectors { region } }");
  expect(healthy.status).toBe(200);
  expect(healthy.errors).toBeUndefined();
});

const encode = (text: string) => Buffer.from(text).toString("base64");

describe("_entities judges every representation on its own", () => {
  it("answers the request that used to end the process", async () => {
    const result = await gateway.execute<Entities>(
      '{ _entities(representations: [{__typename: "Finding", id: "not-a-relay-id"}, {__typename: "NoSuchType", id: "x"}]) { __typename } }',
    );
    expect(result.status).toBe(200);
    expect(result.data?._entities).toEqual([null, null]);
    expect(result.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([
      [["_entities", 0], "BAD_USER_INPUT"],
      [["_entities", 1], "BAD_USER_INPUT"],
    ]);
    expect(result.errors?.[1]?.message).toMatch(/"NoSuchType" is not an entity of this subgraph/);
    expect(await kit.calls()).toEqual([]);
  });

  it("resolves the good representations next to bad ones, in one GetFindings", async () => {
    const reps = [
      { __typename: "Finding", id: findingIds[0] },
      { __typename: "NoSuchType", id: "x" },
      { __typename: "Finding", id: findingIds[1] },
      { __typename: "Finding", id: "not-a-relay-id" },
      { __typename: "Detector", id: findingIds[2] },
      { __typename: "Detector", id: detectorGlobalId },
      "a string",
      { id: findingIds[3] },
      { __typename: "Finding" },
      { __typename: "Finding", id: 42 },
      { __typename: "Finding", id: encode("Finding:us-east-1/x/../../etc") },
      {
        __typename: "Finding",
        id: encode(`Finding:us-east-1/${"a".repeat(32)}/${"b".repeat(32)}`),
      },
      { __typename: "Query", id: "x" },
      { __typename: "Finding", id: "x".repeat(5_000) },
    ];
    const result = await gateway.execute<Entities>(ENTITIES, { reps });
    expect(result.status).toBe(200);
    const typenames = result.data?._entities.map((entity) => entity?.__typename ?? null);
    expect(typenames).toEqual([
      "Finding",
      null,
      "Finding",
      null,
      null,
      "Detector",
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
    const byIndex = Object.fromEntries(
      (result.errors ?? []).map((error) => [error.path?.[1], error.extensions?.code]),
    );
    for (const index of [1, 3, 4, 6, 7, 8, 9, 10, 12, 13]) {
      expect(byIndex[index], `representation ${index}`).toBe("BAD_USER_INPUT");
    }
    // Index 11 is well formed but names a detector this account does not have: GuardDuty says so.
    expect(byIndex[11]).toMatch(/NOT_FOUND|BAD_USER_INPUT/);
    expect(JSON.stringify(result.errors)).not.toContain("x".repeat(100));
    expect(countBy(await operations(kit))).toEqual({ GetFindings: 2 });
  });

  it(`refuses more than ${MAX_ENTITY_REPRESENTATIONS} representations before any call`, async () => {
    const reps = Array.from({ length: MAX_ENTITY_REPRESENTATIONS + 1 }, () => ({
      __typename: "Finding",
      id: findingIds[0],
    }));
    const result = await gateway.execute<Entities>(ENTITIES, { reps });
    expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(result.errors?.[0]?.message).toMatch(
      /representations:\) takes at most 500 items; got 501/,
    );
    expect(await kit.calls()).toEqual([]);
  });

  it("survives a seeded fuzz of mixed batches", async () => {
    let state = 7;
    const next = (n: number) => {
      state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
      return state % n;
    };
    const pool: unknown[] = [
      { __typename: "Finding", id: findingIds[0] },
      { __typename: "Finding", id: findingIds[4] },
      { __typename: "Detector", id: detectorGlobalId },
      { __typename: "Member", id: encode("Member:us-east-1/abc/123") },
      { __typename: "Member", id: findingIds[0] },
      { __typename: "Finding", id: "" },
      { __typename: "Finding", id: null },
      { __typename: "", id: "x" },
      { __typename: "_Service", id: "x" },
      { __typename: "Finding", id: encode("Finding:") },
      { __typename: "Finding", id: encode("Detector:us-east-1/abc") },
      [],
      {},
      7,
      true,
    ];
    for (let round = 0; round < 12; round += 1) {
      const reps = Array.from({ length: 1 + next(8) }, () => pool[next(pool.length)]);
      const result = await gateway.execute<Entities>(ENTITIES, { reps });
      expect(result.status, JSON.stringify(reps)).toBe(200);
      expect(result.data?._entities).toHaveLength(reps.length);
      for (const error of result.errors ?? []) {
        expect(error.extensions?.code, error.message).toMatch(/^(BAD_USER_INPUT|NOT_FOUND)$/);
      }
    }
  });
});

describe("node and nodes judge every id on its own", () => {
  it("answers a nodes batch of good, malformed and foreign ids", async () => {
    const ids = [
      findingIds[0],
      "garbage",
      encode("NoSuchType:x"),
      findingIds[1],
      encode("Finding:us-east-1/x"),
      detectorGlobalId,
      encode("Member:us-east-1/abc/notanaccount"),
    ];
    const result = await gateway.execute<{ nodes: ({ __typename: string } | null)[] }>(
      "query($ids: [ID!]!) { nodes(ids: $ids) { __typename } }",
      { ids },
    );
    expect(result.status).toBe(200);
    expect(result.data?.nodes.map((node) => node?.__typename ?? null)).toEqual([
      "Finding",
      null,
      null,
      "Finding",
      null,
      "Detector",
      null,
    ]);
    for (const error of result.errors ?? []) {
      expect(error.extensions?.code, error.message).toBe("BAD_USER_INPUT");
    }
    expect(countBy(await operations(kit))).toEqual({ GetFindings: 1 });
  });

  it("answers node with a malformed id without a call", async () => {
    for (const id of ["", "%%%", encode("Finding"), encode(":"), encode("Detector:a/b/c/d")]) {
      const result = await gateway.execute("query($id: ID!) { node(id: $id) { __typename } }", {
        id,
      });
      expect(result.status).toBe(200);
      expect(result.errors?.[0]?.extensions?.code, id).toBe("BAD_USER_INPUT");
    }
    expect(await kit.calls()).toEqual([]);
  });
});
