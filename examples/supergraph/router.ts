/**
 * Entry: Hive Gateway's runtime over the composed supergraph, on node:http.
 * `npx tsx examples/supergraph/router.ts [--supergraph FILE] [--port 4300]`
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { createRouter, serve } from "./supergraph.js";

const { values } = parseArgs({
  options: {
    supergraph: { type: "string", default: "examples/supergraph/supergraph.graphql" },
    port: { type: "string", default: "4300" },
  },
});
const router = createRouter(await readFile(values.supergraph, "utf8"));
const served = await serve(router, Number(values.port));
console.log(`supergraph at ${served.origin}/graphql`);
