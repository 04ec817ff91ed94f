import { defineConfig } from "vitest/config";

const POSTGRES_API_TESTS = [
  "test/api/queries.test.ts",
  "test/api/search.test.ts",
  "test/api/search-kept-rankings.test.ts",
  "test/api/extraction.test.ts",
  "test/api/compiled-execution.test.ts",
  "test/api/hardening.test.ts",
  "test/api/operation-checks.test.ts",
  "test/api/graphql-over-http.test.ts",
  "test/api/fuzz.test.ts",
  "test/api/federation.test.ts",
  "test/api/relay-client.test.ts",
  "test/api/column-selection.test.ts",
  "test/api/sample-content.test.ts",
  "test/api/sql-statements.test.ts",
  "test/api/open-formats.test.ts",
  "test/api/mutations.test.ts",
  "test/api/locations.test.ts",
  "test/api/corrections.test.ts",
  "test/api/outlets.test.ts",
  "test/api/review.test.ts",
  "test/api/revisions.test.ts",
  "test/api/identifiers.test.ts",
  "test/api/incident-statements.test.ts",
  "test/api/auth.test.ts",
  "test/api/features-together.test.ts",
  "test/api/delivery.test.ts",
  "test/api/webhooks.test.ts",
];

export default defineConfig({
  resolve: {
    // One graphql instance for project code and libraries ("another module or realm" otherwise).
    alias: [{ find: /^graphql$/, replacement: "graphql/index.js" }],
  },
  test: {
    setupFiles: ["test/helpers/setup.ts"],
    // Fails the run if any process a test started is still alive at the end; then one private
    // PostgreSQL cluster for the run (stopped before the leftover check, which runs last).
    globalSetup: ["test/helpers/no-leftover-processes.ts", "test/helpers/postgres-global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    projects: [
      { extends: true, test: { name: "suite", include: ["test/**/*.test.ts"] } },
      // The same API test files again, each test server reading and writing a PostgreSQL copy of
      // its database (test/helpers/test-engine.ts). Tests that write or read the SQLite file below
      // the server (SQL, writers, the importer, the CLI) skip themselves there, each saying why.
      { extends: true, test: { name: "api-on-postgres", include: POSTGRES_API_TESTS, env: { KHABAR_TEST_ENGINE: "postgres" } } },
    ],
  },
});
