/** Entry: `npx tsx examples/supergraph/serve-inventory.ts --guardduty URL [--port 4001]`. */
import { parseArgs } from "node:util";
import { createInventory, loadInstances } from "./inventory.js";
import { serve } from "./supergraph.js";

const { values } = parseArgs({
  options: {
    guardduty: { type: "string", default: "http://127.0.0.1:4000/graphql" },
    port: { type: "string", default: "4001" },
  },
});
const instances = await loadInstances(values.guardduty);
const served = await serve(createInventory(instances), Number(values.port));
console.log(`inventory subgraph (${instances.length} instances) at ${served.origin}/graphql`);
