import { printSubgraphSchema } from "@apollo/subgraph";
import type { CodegenConfig } from "@graphql-codegen/cli";
import { lexicographicSortSchema } from "graphql";
import { schema } from "./src/graphql/index.js";

/**
 * `npm run codegen` prints the subgraph SDL (with @link/@key, sorted) to schema/schema.graphql
 * and typed documents for schema/operations/*.graphql. Both are committed; a test fails when
 * they drift from the code.
 */
const config: CodegenConfig = {
  schema: printSubgraphSchema(lexicographicSortSchema(schema)),
  documents: ["schema/operations/*.graphql"],
  generates: {
    "schema/schema.graphql": {
      plugins: ["schema-ast"],
      config: { includeDirectives: true, sort: true },
    },
    "schema/generated/": {
      preset: "client",
      // persisted-documents.json: sha256 hash -> document, the allow-list the gateway serves
      // (PERSISTED_OPERATIONS); each typed document carries its hash in `__meta__.hash`.
      presetConfig: { fragmentMasking: false, persistedDocuments: { hashAlgorithm: "sha256" } },
      config: { emitLegacyCommonJSImports: false, useTypeImports: true, enumsAsTypes: true },
    },
  },
  silent: true,
};

export default config;
