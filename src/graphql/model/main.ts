/**
 * `npm run codegen` step one: writes the GraphQL object types derived from the installed SDK's
 * model (src/graphql/types/generated/). Step two, graphql-codegen, prints the schema.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { generateModules } from "./generate.js";

for (const { file, content } of generateModules()) {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, content);
  console.log(`wrote ${file}`);
}
