import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // Pothos is loaded by Node and gets graphql's CommonJS build; without this alias a test's
    // own `import "graphql"` would get the ESM build and graphql would reject the schema as
    // coming "from another module or realm".
    alias: [{ find: /^graphql$/, replacement: "graphql/index.js" }],
  },
  test: {
    include: ["test/**/*.test.ts"],
    // Each file boots its own sandbox on port 0; two cores run two files at a time.
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
