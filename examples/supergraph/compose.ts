/**
 * Entry: composes the running subgraphs into a supergraph file.
 * `npx tsx examples/supergraph/compose.ts [--guardduty URL] [--inventory URL] [--out FILE]`
 */
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { composeSupergraph } from "./supergraph.js";

const { values } = parseArgs({
  options: {
    guardduty: { type: "string", default: "http://127.0.0.1:4000/graphql" },
    inventory: { type: "string", default: "http://127.0.0.1:4001/graphql" },
    out: { type: "string", default: "examples/supergraph/supergraph.graphql" },
  },
});
const supergraph = await composeSupergraph([
  { name: "guardduty", url: values.guardduty },
  { name: "inventory", url: values.inventory },
]);
await writeFile(values.out, supergraph);
console.log(`wrote ${values.out}`);
