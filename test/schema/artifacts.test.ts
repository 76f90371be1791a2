import { readFile } from "node:fs/promises";
import { generate } from "@graphql-codegen/cli";
import { composeServices } from "@theguild/federation-composition";
import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import config from "../../codegen.js";
import { generateModules } from "../../src/graphql/model/generate.js";

describe("generated artifacts", () => {
  it("src/graphql/types/generated/ matches the installed SDK's model (run `npm run codegen`)", async () => {
    const outputs = generateModules();
    expect(outputs.map((output) => output.file)).toEqual([
      "src/graphql/types/generated/finding.ts",
      "src/graphql/types/generated/account.ts",
    ]);
    for (const output of outputs) {
      const committed = await readFile(output.file, "utf8").catch(() => "(missing)");
      expect(committed, `${output.file} is stale: run npm run codegen`).toBe(output.content);
    }
  }, 60_000);

  it("schema/schema.graphql and schema/generated/ match the code (run `npm run codegen`)", async () => {
    const outputs = (await generate({ ...config, silent: true }, false)) as {
      filename: string;
      content: string;
    }[];
    expect(outputs.length).toBeGreaterThanOrEqual(3);
    // The persisted-operations manifest the gateway serves (PERSISTED_OPERATIONS) is one of them.
    expect(outputs.map((output) => output.filename)).toContain(
      "schema/generated/persisted-documents.json",
    );
    for (const output of outputs) {
      const committed = await readFile(output.filename, "utf8").catch(() => "(missing)");
      expect(committed, `${output.filename} is stale: run npm run codegen`).toBe(output.content);
    }
  }, 60_000);
});

describe("federation", () => {
  it("the subgraph composes into a supergraph with another subgraph extending Finding", async () => {
    const sdl = await readFile("schema/schema.graphql", "utf8");
    const ticketing = parse(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])
      type Finding @key(fields: "id") { id: ID! tickets: [String!]! }
      type Query { openTickets: [Finding!]! }
    `);
    const result = composeServices([
      { name: "guardduty", typeDefs: parse(sdl), url: "http://guardduty.local/graphql" },
      { name: "ticketing", typeDefs: ticketing, url: "http://ticketing.local/graphql" },
    ]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.supergraphSdl).toContain('join__type(graph: GUARDDUTY, key: "id")');
    expect(result.supergraphSdl).toMatch(/tickets: \[String!\]! @join__field\(graph: TICKETING\)/);
  });
});
