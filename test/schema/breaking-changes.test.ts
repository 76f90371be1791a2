import { readFile } from "node:fs/promises";
import { buildSchema, findBreakingChanges, type GraphQLSchema } from "graphql";
import { describe, expect, it } from "vitest";

/**
 * Existing clients keep working: every type and field of the released schema keeps its name,
 * type, nullability and arguments. Additions (and deprecations) are fine.
 */

async function schemaFrom(path: string): Promise<GraphQLSchema> {
  // Federation directives (@link, @key) are not defined in the printed subgraph SDL.
  return buildSchema(await readFile(path, "utf8"), { assumeValidSDL: true });
}

describe("schema compatibility", () => {
  it("schema/schema.graphql makes no breaking change against schema/baseline.graphql", async () => {
    const baseline = await schemaFrom("schema/baseline.graphql");
    const current = await schemaFrom("schema/schema.graphql");
    const breaking = findBreakingChanges(baseline, current).map(
      (change) => `${change.type}: ${change.description}`,
    );
    expect(breaking).toEqual([]);
  });

  it("would catch a removed field and a changed field type", async () => {
    const baseline = await schemaFrom("schema/baseline.graphql");
    const sdl = await readFile("schema/schema.graphql", "utf8");
    const broken = buildSchema(
      sdl.replace(/^ {2}findingId: String!$/m, "").replace(/^ {2}port: Int$/m, "  port: Float"),
      { assumeValidSDL: true },
    );
    const types = findBreakingChanges(baseline, broken).map((change) => change.type);
    expect(types).toEqual(expect.arrayContaining(["FIELD_REMOVED", "FIELD_CHANGED_KIND"]));
  });
});
